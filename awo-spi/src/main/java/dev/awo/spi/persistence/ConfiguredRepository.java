package dev.awo.spi.persistence;

import static dev.awo.spi.Arguments.requirePresent;
import static dev.awo.spi.Arguments.requireText;

import dev.awo.domain.InvalidInputException;
import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrder;
import java.time.Instant;

/**
 * A repository registered once, so that work orders on it can take its defaults: a display name,
 * the sandbox type and the workflow a create request gets when it names none.
 *
 * <pre>{@code
 * ConfiguredRepository repo = new ConfiguredRepository("repo-1a2b3c4d", "https://github.com/acme/widgets",
 *     "Widgets", "acme", "widgets", "main", SandboxType.GIT_WORKTREE, "default", now, now);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param id the identity, {@code repo-} and 8 lowercase hex digits
 * @param repositoryUrl the repository's URL as registered; unique among configured repositories
 * @param displayName what people call it
 * @param owner the owner the repository host reported when it was last verified
 * @param name the name the repository host reported when it was last verified
 * @param defaultBranch the default branch the repository host reported when it was last verified
 * @param defaultSandboxType the sandbox type of a work order that names none
 * @param defaultWorkflow the workflow of a work order that names none
 * @param createdAt when it was registered
 * @param verifiedAt when it was last verified as accessible
 * @since 0.1.0
 */
public record ConfiguredRepository(
    String id,
    String repositoryUrl,
    String displayName,
    String owner,
    String name,
    String defaultBranch,
    SandboxType defaultSandboxType,
    String defaultWorkflow,
    Instant createdAt,
    Instant verifiedAt) {

  /** Longest display name, in characters. */
  public static final int MAX_DISPLAY_NAME_LENGTH = 200;

  public ConfiguredRepository {
    if (id == null || !id.matches("repo-[0-9a-f]{8}")) {
      throw new InvalidInputException("id", "must look like repo-1a2b3c4d, got " + id);
    }
    requireText(repositoryUrl, "repositoryUrl");
    requireText(displayName, "displayName");
    if (displayName.length() > MAX_DISPLAY_NAME_LENGTH) {
      throw new InvalidInputException("displayName", "is " + displayName.length()
          + " characters; the limit is " + MAX_DISPLAY_NAME_LENGTH);
    }
    requireText(owner, "owner");
    requireText(name, "name");
    requireText(defaultBranch, "defaultBranch");
    requirePresent(defaultSandboxType, "defaultSandboxType");
    WorkOrder.requireWorkflowName(defaultWorkflow);
    requirePresent(createdAt, "createdAt");
    requirePresent(verifiedAt, "verifiedAt");
  }
}
