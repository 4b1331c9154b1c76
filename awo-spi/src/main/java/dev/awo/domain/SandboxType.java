package dev.awo.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where a work order's agent works: a full clone on its own, or a worktree of a shared mirror. */
public enum SandboxType {
  /** A clone of the repository in a directory of its own. */
  GIT_BRANCH,
  /** A {@code git worktree} added from one mirror shared by every work order on the repository. */
  GIT_WORKTREE;

  /** The name used in JSON and on command lines, e.g. {@code git_branch}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a wire name such as {@code git_worktree}. */
  public static SandboxType fromWireName(String name) {
    for (SandboxType type : values()) {
      if (type.wireName().equals(name)) {
        return type;
      }
    }
    throw new InvalidInputException(
        "sandboxType",
        "unknown sandbox type '"
            + name
            + "'; expected one of "
            + Arrays.stream(values()).map(SandboxType::wireName).collect(Collectors.joining(", ")));
  }
}
