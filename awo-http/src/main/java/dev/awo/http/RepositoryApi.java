package dev.awo.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.SandboxType;
import dev.awo.spi.github.GitHubException;
import dev.awo.spi.github.RepositoryInfo;
import dev.awo.spi.github.RepositoryVerifier;
import dev.awo.spi.persistence.ConfiguredRepository;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository.DuplicateRepositoryException;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Repository verification and configured repositories, whatever the server; a host binds each
 * method to its route and answers the returned JSON (or the thrown {@link ApiProblem}):
 *
 * <pre>
 * POST   /github/verify-repository   {@link #verify}: {"repository_url"} → {"is_accessible", "repository_owner",
 *                                    "repository_name", "default_branch", "error_message"}
 * GET    /repositories               {@link #list}: every configured repository, oldest first
 * POST   /repositories               {@link #create} (201): {"repository_url", "display_name"?,
 *                                    "default_sandbox_type"?, "default_workflow"?}, verified first
 * GET    /repositories/{id}          {@link #get}
 * PATCH  /repositories/{id}          {@link #patch}: {"display_name"?, "default_sandbox_type"?, "default_workflow"?}
 * DELETE /repositories/{id}          {@link #delete} (204)
 * POST   /repositories/{id}/verify   {@link #reverify}: verified again, records what the host reports now
 * </pre>
 *
 * <p>A configured repository is {@code {"id", "repository_url", "display_name", "owner", "name",
 * "default_branch", "default_sandbox_type", "default_workflow", "created_at", "verified_at"}}, its id
 * {@code repo-} and 8 hex digits. A malformed URL is a 400 naming {@code repository_url}; a
 * repository that is not there or not visible to the credentials is "inaccessible" (a 200 with
 * {@code is_accessible: false} and the host's reason from verify, a 400 from create and reverify);
 * any other failure of the repository host or its CLI is a 502; no verifier at all is a 503. Create
 * answers 409 when the URL is already configured and 400 naming the field for an unknown workflow or
 * sandbox type; an unknown or malformed id is a 404.
 *
 * <pre>{@code
 * RepositoryApi api = new RepositoryApi(verifier, store, orchestrator::workflowNames, Clock.systemUTC());
 * ObjectNode created = api.create(body);
 * }</pre>
 *
 * <p>Thread-safe when its verifier and store are (the ports require it).
 */
public final class RepositoryApi {
  private static final Set<String> CREATE_FIELDS = Set.of("repository_url", "display_name", "default_sandbox_type",
      "default_workflow");
  private static final Set<String> PATCH_FIELDS = Set.of("display_name", "default_sandbox_type", "default_workflow");
  private static final SecureRandom IDS = new SecureRandom();

  private final RepositoryVerifier verifier;
  private final ConfiguredRepositoryRepository store;
  private final Supplier<List<String>> workflows;
  private final Clock clock;

  /**
   * The API over {@code store}, verifying with {@code verifier}.
   *
   * @param verifier the repository host's verifier, or null when the host has none (verify, create
   *     and reverify then answer 503)
   * @param store where configured repositories are kept
   * @param workflows the names of the workflows the orchestrator runs (a default workflow must be one)
   * @param clock stamps {@code created_at} and {@code verified_at}
   */
  public RepositoryApi(RepositoryVerifier verifier, ConfiguredRepositoryRepository store,
      Supplier<List<String>> workflows, Clock clock) {
    this.verifier = verifier;
    this.store = Objects.requireNonNull(store, "store");
    this.workflows = Objects.requireNonNull(workflows, "workflows");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Verifies the repository of a {@code {"repository_url"}} body; inaccessible is an answer, not an error. */
  public ObjectNode verify(byte[] body) {
    String url = JsonBodies.requiredText(JsonBodies.object(body, Set.of("repository_url")), "repository_url");
    ObjectNode answer = WorkOrderJson.object();
    try {
      RepositoryInfo info = verified(url);
      return answer.put("is_accessible", true).put("repository_owner", info.owner())
          .put("repository_name", info.name()).put("default_branch", info.defaultBranch())
          .putNull("error_message");
    } catch (GitHubException.NotFound | GitHubException.NotAuthenticated e) {
      return answer.put("is_accessible", false).putNull("repository_owner").putNull("repository_name")
          .putNull("default_branch").put("error_message", e.getMessage());
    }
  }

  /** Every configured repository, oldest first. */
  public ArrayNode list() {
    ArrayNode all = WorkOrderJson.array();
    store.list().forEach(r -> all.add(json(r)));
    return all;
  }

  /** One configured repository; 404 when there is none with {@code id}. */
  public ObjectNode get(String id) {
    return json(existing(id));
  }

  /** Verifies, then registers (the host answers 201); 400 when inaccessible, 409 on a URL already configured. */
  public ObjectNode create(byte[] body) {
    JsonNode json = JsonBodies.object(body, CREATE_FIELDS);
    String url = JsonBodies.requiredText(json, "repository_url");
    store.findByUrl(url).ifPresent(existing -> {
      throw ApiProblem.conflict("repository_url", "The repository " + url + " is already configured as "
          + existing.id());
    });
    RepositoryInfo info = accessible(url);
    String display = JsonBodies.optionalText(json, "display_name");
    Instant now = clock.instant();
    ConfiguredRepository created = valid(() -> new ConfiguredRepository(newId(), url,
        display == null || display.isBlank() ? info.fullName() : display, info.owner(), info.name(),
        info.defaultBranch(), sandboxType(json, SandboxType.GIT_BRANCH), workflow(json, "default"), now, now));
    save(created);
    return json(created);
  }

  /** Changes the display name and defaults; the URL stays (delete and create to move). */
  public ObjectNode patch(String id, byte[] body) {
    ConfiguredRepository old = existing(id);
    JsonNode json = JsonBodies.object(body, PATCH_FIELDS);
    String display = JsonBodies.optionalText(json, "display_name");
    ConfiguredRepository changed = valid(() -> new ConfiguredRepository(old.id(), old.repositoryUrl(),
        display == null ? old.displayName() : display, old.owner(), old.name(), old.defaultBranch(),
        sandboxType(json, old.defaultSandboxType()), workflow(json, old.defaultWorkflow()), old.createdAt(),
        old.verifiedAt()));
    save(changed);
    return json(changed);
  }

  /** Removes a configured repository (the host answers 204); 404 when there is none with {@code id}. */
  public void delete(String id) {
    if (!store.delete(checkedId(id))) {
      throw unknown(id, "");
    }
  }

  /** Verifies a configured repository again and records what the host reports now; 400 when inaccessible. */
  public ObjectNode reverify(String id) {
    ConfiguredRepository old = existing(id);
    RepositoryInfo info = accessible(old.repositoryUrl());
    ConfiguredRepository fresh = new ConfiguredRepository(old.id(), old.repositoryUrl(), old.displayName(),
        info.owner(), info.name(), info.defaultBranch(), old.defaultSandboxType(), old.defaultWorkflow(),
        old.createdAt(), clock.instant());
    save(fresh);
    return json(fresh);
  }

  /** A configured repository in the API's shape. */
  public static ObjectNode json(ConfiguredRepository r) {
    return WorkOrderJson.object().put("id", r.id()).put("repository_url", r.repositoryUrl())
        .put("display_name", r.displayName()).put("owner", r.owner()).put("name", r.name())
        .put("default_branch", r.defaultBranch()).put("default_sandbox_type", r.defaultSandboxType().wireName())
        .put("default_workflow", r.defaultWorkflow()).put("created_at", r.createdAt().toString())
        .put("verified_at", r.verifiedAt().toString());
  }

  private void save(ConfiguredRepository repository) {
    try {
      store.save(repository);
    } catch (DuplicateRepositoryException e) {
      throw ApiProblem.conflict("repository_url", e.getMessage());
    }
  }

  private RepositoryInfo accessible(String url) {
    try {
      return verified(url);
    } catch (GitHubException.NotFound | GitHubException.NotAuthenticated e) {
      throw ApiProblem.badRequest("repository_url", "The repository is not accessible: " + e.getMessage());
    }
  }

  private RepositoryInfo verified(String url) {
    if (verifier == null) {
      throw new ApiProblem(503, "This server has no repository verifier (configure one: a RepositoryVerifier "
          + "such as gh's GhCli)", null);
    }
    try {
      return verifier.verify(url);
    } catch (InvalidInputException e) {
      throw ApiProblem.badRequest("repository_url", e.getMessage());
    } catch (GitHubException.NotFound | GitHubException.NotAuthenticated e) {
      throw e;
    } catch (GitHubException e) {
      throw new ApiProblem(502, "The repository host could not be asked: " + e.getMessage(), null);
    }
  }

  private static SandboxType sandboxType(JsonNode json, SandboxType fallback) {
    String name = JsonBodies.optionalText(json, "default_sandbox_type");
    return name == null ? fallback : CreateRequestJson.sandboxType("default_sandbox_type", name);
  }

  private String workflow(JsonNode json, String fallback) {
    String name = JsonBodies.optionalText(json, "default_workflow");
    if (name == null) {
      return fallback;
    }
    List<String> known = workflows.get();
    if (!known.contains(name)) {
      throw ApiProblem.badRequest("default_workflow", "Unknown workflow '" + JsonBodies.excerpt(name)
          + "'; this server runs " + String.join(", ", known));
    }
    return name;
  }

  private static ConfiguredRepository valid(Supplier<ConfiguredRepository> build) {
    try {
      return build.get();
    } catch (InvalidInputException e) {
      throw ApiProblem.badRequest(JsonBodies.snakeCase(e.field()), e.getMessage());
    }
  }

  private ConfiguredRepository existing(String id) {
    return store.find(checkedId(id)).orElseThrow(() -> unknown(id, ""));
  }

  private static String checkedId(String id) {
    if (id == null || !id.matches("repo-[0-9a-f]{8}")) {
      throw unknown(id, " (ids look like repo-1a2b3c4d)");
    }
    return id;
  }

  private static ApiProblem unknown(String id, String hint) {
    return ApiProblem.notFound("No configured repository with id '" + JsonBodies.excerpt(id) + "' exists" + hint);
  }

  private static String newId() {
    byte[] bytes = new byte[4];
    IDS.nextBytes(bytes);
    return "repo-" + HexFormat.of().formatHex(bytes);
  }
}
