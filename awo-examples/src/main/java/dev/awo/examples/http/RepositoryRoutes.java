package dev.awo.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.SandboxType;
import dev.awo.examples.json.WorkOrderJson;
import dev.awo.spi.github.GitHubException;
import dev.awo.spi.github.RepositoryInfo;
import dev.awo.spi.github.RepositoryVerifier;
import dev.awo.spi.persistence.ConfiguredRepository;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository.DuplicateRepositoryException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Repository verification ({@code POST /github/verify-repository}) and configured repositories
 * ({@code /repositories}), over the {@link RepositoryVerifier} port and a {@link
 * ConfiguredRepositoryRepository}. A repository that is not there or not visible is "inaccessible"
 * (200 with {@code is_accessible: false} from verify; 400 on create); any other failure of the
 * repository host or its CLI is a 502. Thread-safe.
 */
final class RepositoryRoutes {
  static final Set<String> CREATE_FIELDS = Set.of("repository_url", "display_name", "default_sandbox_type",
      "default_workflow");
  private static final SecureRandom IDS = new SecureRandom();

  private final RepositoryVerifier verifier;
  private final ConfiguredRepositoryRepository store;
  private final Supplier<List<String>> workflows;
  private final Clock clock;

  RepositoryRoutes(RepositoryVerifier verifier, ConfiguredRepositoryRepository store,
      Supplier<List<String>> workflows, Clock clock) {
    this.verifier = verifier;
    this.store = store;
    this.workflows = workflows;
    this.clock = clock;
  }

  /** {@code {repository_url}} → {@code {is_accessible, repository_owner, repository_name, default_branch, error_message}}. */
  ObjectNode verify(byte[] body) {
    JsonNode json = CreateRequestJson.object(body, Set.of("repository_url"));
    String url = CreateRequestJson.requiredText(json, "repository_url");
    ObjectNode answer = WorkOrderJson.MAPPER.createObjectNode();
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

  ArrayNode list() {
    ArrayNode all = WorkOrderJson.MAPPER.createArrayNode();
    store.list().forEach(r -> all.add(json(r)));
    return all;
  }

  ObjectNode get(String id) {
    return json(existing(id));
  }

  /** Verifies, then registers; 400 when inaccessible, 409 on a URL already configured. */
  ObjectNode create(byte[] body) {
    JsonNode json = CreateRequestJson.object(body, CREATE_FIELDS);
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
    return json(created);
  }

  /** Changes the display name and defaults; the URL stays (delete and create to move). */
  ObjectNode patch(String id, byte[] body) {
    ConfiguredRepository old = existing(id);
    JsonNode json = CreateRequestJson.object(body, Set.of("display_name", "default_sandbox_type", "default_workflow"));
    String display = CreateRequestJson.optionalText(json, "display_name");
    ConfiguredRepository changed = valid(() -> new ConfiguredRepository(old.id(), old.repositoryUrl(),
        display == null ? old.displayName() : display, old.owner(), old.name(), old.defaultBranch(),
        sandboxType(json, old.defaultSandboxType()), workflow(json, old.defaultWorkflow()), old.createdAt(),
        old.verifiedAt()));
    save(changed);
    return json(changed);
  }

  void delete(String id) {
    if (!store.delete(checkedId(id))) {
      throw HttpProblem.notFound("No configured repository with id '" + WorkOrderRoutes.excerpt(id) + "' exists");
    }
  }

  /** Verifies again; records what the host reports now. 400 when it is no longer accessible. */
  ObjectNode reverify(String id) {
    ConfiguredRepository old = existing(id);
    RepositoryInfo info = accessible(old.repositoryUrl());
    ConfiguredRepository fresh = new ConfiguredRepository(old.id(), old.repositoryUrl(), old.displayName(),
        info.owner(), info.name(), info.defaultBranch(), old.defaultSandboxType(), old.defaultWorkflow(),
        old.createdAt(), clock.instant());
    save(fresh);
    return json(fresh);
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
      throw new HttpProblem(503, "This server has no repository verifier configured", null);
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
      throw HttpProblem.badRequest("default_workflow", "Unknown workflow '" + WorkOrderRoutes.excerpt(name)
          + "'; this server runs " + String.join(", ", known));
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
    return store.find(checkedId(id)).orElseThrow(() -> HttpProblem.notFound(
        "No configured repository with id '" + WorkOrderRoutes.excerpt(id) + "' exists"));
  }

  private static String checkedId(String id) {
    if (!id.matches("repo-[0-9a-f]{8}")) {
      throw HttpProblem.notFound("No configured repository with id '" + WorkOrderRoutes.excerpt(id)
          + "' exists (ids look like repo-1a2b3c4d)");
    }
    return id;
  }

  private static String newId() {
    byte[] bytes = new byte[4];
    IDS.nextBytes(bytes);
    return "repo-" + HexFormat.of().formatHex(bytes);
  }

  static ObjectNode json(ConfiguredRepository r) {
    return WorkOrderJson.MAPPER.createObjectNode().put("id", r.id()).put("repository_url", r.repositoryUrl())
        .put("display_name", r.displayName()).put("owner", r.owner()).put("name", r.name())
        .put("default_branch", r.defaultBranch()).put("default_sandbox_type", r.defaultSandboxType().wireName())
        .put("default_workflow", r.defaultWorkflow()).put("created_at", r.createdAt().toString())
        .put("verified_at", r.verifiedAt().toString());
  }
}
