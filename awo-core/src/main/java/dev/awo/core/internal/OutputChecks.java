package dev.awo.core.internal;

import dev.awo.core.workflow.OutputKind;
import dev.awo.spi.Arguments;
import dev.awo.spi.sandbox.Sandbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks an agent's output against what its node expects and extracts the fields later nodes bind.
 * A check that fails turns a successful agent call into a failed step, with a message that says
 * what the agent answered and what was expected.
 */
final class OutputChecks {
  private static final Pattern CLASSIFICATION = Pattern.compile("/(feature|bug|chore)\\b");
  private static final Pattern PR_URL = Pattern.compile("https?://[^\\s<>\"'`)]+/pull/\\d+");
  private static final Pattern SAFE_BRANCH = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,199}");

  private OutputChecks() {}

  /** The extracted fields, or a failure message. */
  record Checked(Map<String, String> fields, String failure) {
    static Checked ok(Map<String, String> fields) {
      return new Checked(fields, null);
    }

    static Checked fail(String message) {
      return new Checked(Map.of(), message);
    }
  }

  static Checked check(OutputKind kind, String step, String output, Sandbox sandbox, String baseBranch) {
    String text = output == null ? "" : output.strip();
    return switch (kind) {
      case TEXT -> Checked.ok(Map.of());
      case CLASSIFICATION -> classification(step, text);
      case FILE_PATH -> filePath(step, text, sandbox);
      case BRANCH -> branch(step, sandbox, baseBranch);
      case PULL_REQUEST -> pullRequest(text);
    };
  }

  private static Checked classification(String step, String text) {
    Matcher m = CLASSIFICATION.matcher(text);
    if (!m.find()) {
      return Checked.fail(step + " answered '" + Arguments.excerpt(text) + "'; expected /feature, /bug or /chore");
    }
    return Checked.ok(Map.of("kind", m.group(1), "command", "/" + m.group(1)));
  }

  private static Checked filePath(String step, String text, Sandbox sandbox) {
    String candidate = lastLine(text).replaceAll("^[`'\"]+|[`'\"]+$", "").strip();
    if (candidate.isEmpty() || candidate.equals("0")) {
      return Checked.fail(step + " found no plan file (answered '" + Arguments.excerpt(text) + "')");
    }
    Path root = sandbox.workingDirectory().toAbsolutePath().normalize();
    Path file;
    try {
      file = root.resolve(candidate).normalize();
    } catch (java.nio.file.InvalidPathException e) {
      return Checked.fail(step + " answered '" + Arguments.excerpt(candidate) + "', which is not a path");
    }
    if (!file.startsWith(root)) {
      return Checked.fail(step + " answered '" + Arguments.excerpt(candidate) + "', which is outside the sandbox");
    }
    if (!Files.isRegularFile(file)) {
      return Checked.fail(step + " answered '" + Arguments.excerpt(candidate) + "', but no such file exists in the sandbox");
    }
    return Checked.ok(Map.of("path", root.relativize(file).toString()));
  }

  private static Checked branch(String step, Sandbox sandbox, String baseBranch) {
    Optional<String> branch = sandbox.currentBranch();
    if (branch.isEmpty()) {
      return Checked.fail(step + " left the sandbox on a detached HEAD; the agent must create and check out a branch");
    }
    String name = branch.get();
    if (name.equals(baseBranch)) {
      return Checked.fail(step + " did not create a branch: the sandbox is still on '" + baseBranch + "'");
    }
    if (!SAFE_BRANCH.matcher(name).matches() || name.contains("..") || name.endsWith(".lock") || name.endsWith("/")) {
      return Checked.fail(step + " created branch '" + Arguments.excerpt(name) + "', which is not a safe branch name");
    }
    return Checked.ok(Map.of("branch", name));
  }

  private static Checked pullRequest(String text) {
    Matcher m = PR_URL.matcher(text);
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("pr_url", m.find() ? m.group() : "");
    return Checked.ok(fields);
  }

  private static String lastLine(String text) {
    String[] lines = text.split("\\R");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (!lines[i].isBlank()) {
        return lines[i].strip();
      }
    }
    return "";
  }
}
