package dev.awo.spring.boot.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.SandboxType;
import dev.awo.spi.github.GitHubException;
import dev.awo.spi.github.RepositoryInfo;
import dev.awo.spi.github.RepositoryVerifier;
import dev.awo.spi.persistence.ConfiguredRepository;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository.DuplicateRepositoryException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
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
 * bean) is a 503. Errors have the shape of {@link WorkOrderController}'s. Like it, this controller
 * adds no security: protect {@code /repositories/**} and {@code /github/**} in the application's
 * filter chain (they register repositories work orders then run on). Thread-safe.
 */
@RestController
public class RepositoryController extends JsonEndpoints {
  private static final Set<String> CREATE_FIELDS = Set.of("repository_url", "display_name", "default_sandbox_type",
      "default_workflow");
  private static final Set<String> PATCH_FIELDS = Set.of("display_name", "default_sandbox_type", "default_workflow");
  private static final SecureRandom IDS = new SecureRandom();

  private final RepositoryVerifier verifier;
  private final ConfiguredRepositoryRepository store;
  private final Supplier<List<String>> workflows;
  private final Clock clock;

  RepositoryController(RepositoryVerifier verifier, ConfiguredRepositoryRepository store,
      Supplier<List<String>> workflows, Clock clock) {
    this.verifier = verifier;
    this.store = store;
    this.workflows = workflows;
    this.clock = clock;
  }

  /**
   * Verifies one repository.
   *
   * @param request the request, whose body is {@code {"repository_url": ...}}
   * @return the verification's answer
   */
  @PostMapping("/github/verify-repository")
  public ResponseEntity<String> verify(HttpServletRequest request) {
    String url = CreateRequestJson.repositoryUrl(body(request));
    ObjectNode answer = WorkOrderJson.MAPPER.createObjectNode();
    try {
      RepositoryInfo info = verified(url);
      return json(200, answer.put("is_accessible", true).put("repository_owner", info.owner())
          .put("repository_name", info.name()).put("default_branch", info.defaultBranch())
          .putNull("error_message"));
    } catch (GitHubException.NotFound | GitHubException.NotAuthenticated e) {
      return json(200, answer.put("is_accessible", false).putNull("repository_owner").putNull("repository_name")
          .putNull("default_branch").put("error_message", e.getMessage()));
    }
  }

  /**
   * Lists the configured repositories.
   *
   * @return a JSON array, oldest first
   */
  @GetMapping("/repositories")
  public ResponseEntity<String> list() {
    ArrayNode all = WorkOrderJson.MAPPER.createArrayNode();
    store.list().forEach(r -> all.add(json(r)));
    return json(200, all);
  }

  /**
   * Reads one configured repository.
   *
   * @param id its id, {@code repo-} and 8 hex digits
   * @return the repository
   */
  @GetMapping("/repositories/{id}")
  public ResponseEntity<String> get(@PathVariable("id") String id) {
    return json(200, json(existing(id)));
  }

  /**
   * Verifies a repository, then registers it.
   *
   * @param request the request, whose body names the URL and optionally the display name and defaults
   * @return 201 with the configured repository
   */
  @PostMapping("/repositories")
  public ResponseEntity<String> create(HttpServletRequest request) {
    JsonNode json = CreateRequestJson.object(body(request), CREATE_FIELDS);
    String url = CreateRequestJson.requiredText(json, "repository_url");
    store.findByUrl(url).ifPresent(existing -> {
      throw new HttpProblem(409, "The repository " + url + " is already configured as " + existing.id(),
          "repository_url");
    });
    RepositoryInfo info = accessible(url);
    String display = CreateRequestJson.optionalText(json, "display_name");
    Instant now = clock.instant();
    ConfiguredRepository created = valid(() -> new ConfiguredRepository(newId(), url,
        display == null || display.isBlank() ? info.fullName() : display, info.owner(), info.name(),
        info.defaultBranch(), sandboxType(json, SandboxType.GIT_BRANCH), workflow(json, "default"), now, now));
    save(created);
    return ResponseEntity.created(URI.create("/repositories/" + created.id())).contentType(MediaType.APPLICATION_JSON)
        .body(json(created).toString());
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
    ConfiguredRepository old = existing(id);
    JsonNode json = CreateRequestJson.object(body(request), PATCH_FIELDS);
    String display = CreateRequestJson.optionalText(json, "display_name");
    ConfiguredRepository changed = valid(() -> new ConfiguredRepository(old.id(), old.repositoryUrl(),
        display == null ? old.displayName() : display, old.owner(), old.name(), old.defaultBranch(),
        sandboxType(json, old.defaultSandboxType()), workflow(json, old.defaultWorkflow()), old.createdAt(),
        old.verifiedAt()));
    save(changed);
    return json(200, json(changed));
  }

  /**
   * Removes a configured repository.
   *
   * @param id the repository's id
   * @return 204
   */
  @DeleteMapping("/repositories/{id}")
  public ResponseEntity<Void> delete(@PathVariable("id") String id) {
    if (!store.delete(checkedId(id))) {
      throw unknownRepository(id, "");
    }
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
    ConfiguredRepository old = existing(id);
    RepositoryInfo info = accessible(old.repositoryUrl());
    ConfiguredRepository fresh = new ConfiguredRepository(old.id(), old.repositoryUrl(), old.displayName(),
        info.owner(), info.name(), info.defaultBranch(), old.defaultSandboxType(), old.defaultWorkflow(),
        old.createdAt(), clock.instant());
    save(fresh);
    return json(200, json(fresh));
  }

  private void save(ConfiguredRepository repository) {
    try {
      store.save(repository);
    } catch (DuplicateRepositoryException e) {
      throw new HttpProblem(409, e.getMessage(), "repository_url");
    }
  }

  private RepositoryInfo accessible(String url) {
    try {
      return verified(url);
    } catch (GitHubException.NotFound | GitHubException.NotAuthenticated e) {
      throw HttpProblem.badRequest("repository_url", "The repository is not accessible: " + e.getMessage());
    }
  }

  private RepositoryInfo verified(String url) {
    if (verifier == null) {
      throw new HttpProblem(503, "This application has no repository verifier (awo.github.enabled is false "
          + "and there is no RepositoryVerifier bean)", null);
    }
    try {
      return verifier.verify(url);
    } catch (InvalidInputException e) {
      throw HttpProblem.badRequest("repository_url", e.getMessage());
    } catch (GitHubException.NotFound | GitHubException.NotAuthenticated e) {
      throw e;
    } catch (GitHubException e) {
      throw new HttpProblem(502, "The repository host could not be asked: " + e.getMessage(), null);
    }
  }

  private SandboxType sandboxType(JsonNode json, SandboxType fallback) {
    String name = CreateRequestJson.optionalText(json, "default_sandbox_type");
    if (name == null) {
      return fallback;
    }
    try {
      return SandboxType.fromWireName(name.toLowerCase(Locale.ROOT));
    } catch (InvalidInputException e) {
      throw HttpProblem.badRequest("default_sandbox_type", e.getMessage());
    }
  }

  private String workflow(JsonNode json, String fallback) {
    String name = CreateRequestJson.optionalText(json, "default_workflow");
    if (name == null) {
      return fallback;
    }
    List<String> known = workflows.get();
    if (!known.contains(name)) {
      throw HttpProblem.badRequest("default_workflow", "Unknown workflow '" + excerpt(name)
          + "'; this application runs " + String.join(", ", known));
    }
    return name;
  }

  private static ConfiguredRepository valid(Supplier<ConfiguredRepository> build) {
    try {
      return build.get();
    } catch (InvalidInputException e) {
      throw HttpProblem.badRequest(CreateRequestJson.snakeCase(e.field()), e.getMessage());
    }
  }

  private ConfiguredRepository existing(String id) {
    return store.find(checkedId(id)).orElseThrow(() -> unknownRepository(id, ""));
  }

  private static String checkedId(String id) {
    if (!id.matches("repo-[0-9a-f]{8}")) {
      throw unknownRepository(id, " (ids look like repo-1a2b3c4d)");
    }
    return id;
  }

  private static HttpProblem unknownRepository(String id, String hint) {
    return HttpProblem.notFound("No configured repository with id '" + excerpt(id) + "' exists" + hint);
  }

  private static String excerpt(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  private static String newId() {
    byte[] bytes = new byte[4];
    IDS.nextBytes(bytes);
    return "repo-" + HexFormat.of().formatHex(bytes);
  }

  private static ObjectNode json(ConfiguredRepository r) {
    return WorkOrderJson.MAPPER.createObjectNode().put("id", r.id()).put("repository_url", r.repositoryUrl())
        .put("display_name", r.displayName()).put("owner", r.owner()).put("name", r.name())
        .put("default_branch", r.defaultBranch()).put("default_sandbox_type", r.defaultSandboxType().wireName())
        .put("default_workflow", r.defaultWorkflow()).put("created_at", r.createdAt().toString())
        .put("verified_at", r.verifiedAt().toString());
  }
}
