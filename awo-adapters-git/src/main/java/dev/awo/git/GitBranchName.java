package dev.awo.git;

/**
 * A branch name that git accepts and that cannot be mistaken for an option: the rules of {@code git
 * check-ref-format --branch}, checked without running git, plus "must not start with {@code -}".
 *
 * <pre>{@code
 * GitBranchName branch = GitBranchName.of("feat/issue-42");   // throws InvalidBranchNameException
 * sandbox.pushBranch(branch.value());
 * }</pre>
 *
 * <p>Refused: empty names, {@code @} and {@code HEAD}, names starting with {@code -} or {@code /} or
 * ending with {@code /} or {@code .}, {@code ..}, {@code //}, <code>@&#123;</code>, a component starting with
 * {@code .} or ending with {@code .lock}, control characters, whitespace and any of {@code ~ ^ : ? *
 * [ \}. Longer than 255 characters is refused too.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param value the validated name, without {@code refs/heads/}
 */
public record GitBranchName(String value) {
  private static final int MAX_LENGTH = 255;
  private static final String FORBIDDEN = "~^:?*[\\";

  public GitBranchName {
    String problem = problem(value);
    if (problem != null) {
      throw new InvalidBranchNameException(problem);
    }
  }

  /** Validates {@code value} as a branch name. */
  public static GitBranchName of(String value) {
    return new GitBranchName(value);
  }

  /** Whether {@code value} would be accepted, without throwing. */
  public static boolean isValid(String value) {
    return problem(value) == null;
  }

  /** The full ref, {@code refs/heads/<name>}. */
  public String ref() {
    return "refs/heads/" + value;
  }

  @Override
  public String toString() {
    return value;
  }

  private static String problem(String name) {
    if (name == null) {
      return "is required";
    }
    if (name.isEmpty()) {
      return "must not be empty";
    }
    String shown = "'" + dev.awo.spi.internal.Arguments.excerpt(name) + "'";
    if (name.length() > MAX_LENGTH) {
      return shown + " is longer than " + MAX_LENGTH + " characters";
    }
    if (name.startsWith("-")) {
      return shown + " starts with '-', which git would read as an option; choose a name starting with a letter";
    }
    if (name.equals("@") || name.equals("HEAD")) {
      return shown + " is reserved by git; choose another name";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || Character.isISOControl(c)) {
        return shown + " contains a control character at position " + i;
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.getType(c) == Character.FORMAT) {
        return shown + " contains whitespace or an invisible character at position " + i;
      }
      if (FORBIDDEN.indexOf(c) >= 0) {
        return shown + " contains '" + c + "'; git does not allow any of ~ ^ : ? * [ \\ in branch names";
      }
    }
    if (name.contains("..")) {
      return shown + " contains '..'";
    }
    if (name.contains("@{")) {
      return shown + " contains '@{'";
    }
    if (name.startsWith("/") || name.endsWith("/")) {
      return shown + " starts or ends with '/'";
    }
    if (name.contains("//")) {
      return shown + " contains '//'";
    }
    if (name.endsWith(".")) {
      return shown + " ends with '.'";
    }
    for (String component : name.split("/")) {
      if (component.startsWith(".")) {
        return shown + " has a component starting with '.'";
      }
      if (component.endsWith(".lock")) {
        return shown + " has a component ending with '.lock'";
      }
    }
    return null;
  }
}
