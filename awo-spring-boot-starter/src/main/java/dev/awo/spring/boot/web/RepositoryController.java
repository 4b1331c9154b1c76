package dev.awo.spring.boot.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awo.http.RepositoryApi;
import dev.awo.http.WorkOrderJson;
import dev.awo.spi.github.RepositoryVerifier;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Repository verification and configured repositories, with the example host's routes and JSON
 * shapes:
 *
 * <pre>
 * GET    /workflows                  {"workflows", "sandbox_types"}: what a create request may name
 * POST   /github/verify-repository   {"repository_url"} → {"is_accessible", "repository_owner",
 *                                    "repository_name", "default_branch", "error_message"}
 * GET    /repositories               every configured repository, oldest first
 * POST   /repositories               {"repository_url", "display_name"?, "default_sandbox_type"?,
 *                                    "default_workflow"?}: verified, then registered (201)
 * GET    /repositories/{id}          one configured repository
 * PATCH  /repositories/{id}          {"display_name"?, "default_sandbox_type"?, "default_workflow"?}
 * DELETE /repositories/{id}          204
 * POST   /repositories/{id}/verify   verified again; records what the host reports now
 * </pre>
 *
 * <p>A configured repository is {@code {"id", "repository_url", "display_name", "owner", "name",
 * "default_branch", "default_sandbox_type", "default_workflow", "created_at", "verified_at"}}; a
 * create request for its URL that omits {@code sandbox_type} or {@code workflow} takes its
 * defaults. Create answers 400 when the repository is inaccessible, 409 when its URL is already
 * configured, 400 naming the field for an unknown workflow or sandbox type; an unknown id is a 404.
 *
 * <p>It asks the {@link RepositoryVerifier} (the application's own bean if it has one, else gh).
 * A malformed URL is a 400 naming {@code repository_url}; a repository that is not there or not
 * visible to the credentials is a 200 with {@code is_accessible: false} and the host's reason; any
 * other failure of the host or its CLI is a 502; no verifier at all (GitHub switched off and no
 * bean) is a 503. The flow and the shapes are awo-http's {@link RepositoryApi}, shared with the
 * example host; this class only binds its routes. Errors have the shape of {@link
 * WorkOrderController}'s. Like it, this controller
 * adds no security: protect {@code /repositories/**} and {@code /github/**} in the application's
 * filter chain (they register repositories work orders then run on). Thread-safe.
 */
@RestController
public class RepositoryController extends JsonEndpoints {
  private final RepositoryApi api;
  private final Supplier<List<String>> workflows;

  RepositoryController(RepositoryVerifier verifier, ConfiguredRepositoryRepository store,
      Supplier<List<String>> workflows, Clock clock) {
    this.api = new RepositoryApi(verifier, store, workflows, clock);
    this.workflows = workflows;
  }

  /**
   * Verifies one repository.
   *
   * @param request the request, whose body is {@code {"repository_url": ...}}
   * @return the verification's answer
   */
  @PostMapping("/github/verify-repository")
  public ResponseEntity<String> verify(HttpServletRequest request) {
    return json(200, api.verify(body(request)));
  }

  /**
   * The workflows and sandbox types a create request may name, for the page's form.
   *
   * @return {@code {"workflows": [...], "sandbox_types": [...]}}
   */
  @GetMapping("/workflows")
  public ResponseEntity<String> workflows() {
    return json(200, WorkOrderJson.workflows(workflows.get()));
  }

  /**
   * Lists the configured repositories.
   *
   * @return a JSON array, oldest first
   */
  @GetMapping("/repositories")
  public ResponseEntity<String> list() {
    return json(200, api.list());
  }

  /**
   * Reads one configured repository.
   *
   * @param id its id, {@code repo-} and 8 hex digits
   * @return the repository
   */
  @GetMapping("/repositories/{id}")
  public ResponseEntity<String> get(@PathVariable("id") String id) {
    return json(200, api.get(id));
  }

  /**
   * Verifies a repository, then registers it.
   *
   * @param request the request, whose body names the URL and optionally the display name and defaults
   * @return 201 with the configured repository
   */
  @PostMapping("/repositories")
  public ResponseEntity<String> create(HttpServletRequest request) {
    ObjectNode created = api.create(body(request));
    return ResponseEntity.created(URI.create("/repositories/" + created.get("id").asText()))
        .contentType(MediaType.APPLICATION_JSON).body(created.toString());
  }

  /**
   * Changes the display name and defaults; the URL stays (delete and create to move).
   *
   * @param id the repository's id
   * @param request the request, whose body has the fields to change
   * @return the changed repository
   */
  @PatchMapping("/repositories/{id}")
  public ResponseEntity<String> patch(@PathVariable("id") String id, HttpServletRequest request) {
    return json(200, api.patch(id, body(request)));
  }

  /**
   * Removes a configured repository.
   *
   * @param id the repository's id
   * @return 204
   */
  @DeleteMapping("/repositories/{id}")
  public ResponseEntity<Void> delete(@PathVariable("id") String id) {
    api.delete(id);
    return ResponseEntity.noContent().build();
  }

  /**
   * Verifies a configured repository again; 400 when it is no longer accessible.
   *
   * @param id the repository's id
   * @return the repository as the host reports it now
   */
  @PostMapping("/repositories/{id}/verify")
  public ResponseEntity<String> reverify(@PathVariable("id") String id) {
    return json(200, api.reverify(id));
  }
}
