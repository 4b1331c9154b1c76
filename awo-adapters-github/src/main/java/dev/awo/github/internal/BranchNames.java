package dev.awo.github.internal;

import dev.awo.domain.InvalidInputException;
import dev.awo.spi.Arguments;
import java.util.regex.Pattern;

/** Checks branch names before they reach gh, by git's ref-name rules. Thread-safe (stateless). */
public final class BranchNames {
  private static final Pattern FORBIDDEN = Pattern.compile("[\\s~^:?*\\[\\\\\\p{Cntrl}]|\\.\\.|@\\{|//");
  private static final Pattern OWNER_PREFIX = Pattern.compile("([A-Za-z0-9][A-Za-z0-9-]{0,38}):(.+)");

  private BranchNames() {}

  /** Validates {@code branch}; a head may be {@code OWNER:BRANCH} for a fork. */
  public static String require(String branch, String field, boolean mayHaveOwner) {
    Arguments.requireText(branch, field);
    String name = branch;
    if (mayHaveOwner) {
      var m = OWNER_PREFIX.matcher(branch);
      if (m.matches()) {
        name = m.group(2);
      }
    }
    if (name.startsWith("-")) {
      throw new InvalidInputException(field, "'" + Arguments.excerpt(branch) + "' starts with '-'; a branch name "
          + "must not look like an option");
    }
    if (FORBIDDEN.matcher(name).find() || name.startsWith("/") || name.endsWith("/") || name.endsWith(".")
        || name.endsWith(".lock") || name.equals("@")) {
      throw new InvalidInputException(field, "'" + Arguments.excerpt(branch) + "' is not a valid git branch name "
          + "(no spaces, control characters, ~ ^ : ? * [ \\, '..', '@{' or '//'; not ending in '/', '.' or '.lock')");
    }
    return branch;
  }
}
