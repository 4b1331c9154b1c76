package dev.awo.examples.e2e;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The scripted agent of the end-to-end tests: each of the seven steps' prompts is answered with the
 * Bash tool calls a real agent would make (plan file, branch, change, commit), and the pull-request
 * step with whatever the test gives. Stateless.
 */
final class ScriptedWork {
  private static final Pattern WORK_ORDER = Pattern.compile("Work order: (wo-[0-9a-f]{8})");
  private static final Pattern PR_URL = Pattern.compile("http://github\\.localhost/[\\w.-]+/[\\w.-]+/pull/\\d+");

  private ScriptedWork() {}

  /** Scripts classify .. commit, then {@code createPr} for the pull-request step. */
  @SafeVarargs
  static ScriptedAnthropicApi sixStepsThen(ScriptedAnthropicApi api, Function<String, ScriptedAnthropicApi.Reply>... createPr) {
    return api.script("# Classify the work", body -> ScriptedAnthropicApi.Reply.text("/feature"))
        .script("# Plan the feature",
            body -> ScriptedAnthropicApi.Reply.bash("mkdir -p specs && printf '# Plan\\n\\n1. Add a greeting to the README.\\n' > specs/"
                + workOrder(body) + "-feature-plan.md"),
            body -> ScriptedAnthropicApi.Reply.text("The plan adds a greeting to the README."))
        .script("# Find the plan file",
            body -> ScriptedAnthropicApi.Reply.bash("ls specs"),
            body -> ScriptedAnthropicApi.Reply.text("specs/" + workOrder(body) + "-feature-plan.md"))
        .script("# Create the work branch",
            body -> ScriptedAnthropicApi.Reply.bash("git checkout -b " + branch(body)),
            body -> ScriptedAnthropicApi.Reply.text(branch(body)))
        .script("# Implement the plan",
            body -> ScriptedAnthropicApi.Reply.bash("printf '\\nWelcome, new contributors!\\n' >> README.md"),
            body -> ScriptedAnthropicApi.Reply.text("Added a greeting to README.md."))
        .script("# Commit the work",
            body -> ScriptedAnthropicApi.Reply.bash("git add -A && git -c user.name='awo agent' "
                + "-c user.email=agent@awo.invalid commit -q -m 'feature: greet new contributors' -m 'Work order: "
                + workOrder(body) + "' && git log --oneline -1"),
            body -> ScriptedAnthropicApi.Reply.text("feature: greet new contributors"))
        .script("# Open the pull request", createPr);
  }

  /** The work branch the scripted agent creates for the work order named in {@code body}. */
  static String branch(String body) {
    return "feature-" + workOrder(body) + "-add-greeting";
  }

  static String workOrder(String body) {
    Matcher m = WORK_ORDER.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no work order id in the prompt");
    }
    return m.group(1);
  }

  /** The pull request URL gh printed in a tool result of {@code body}, or a sentence saying there was none. */
  static String prUrl(String body) {
    Matcher m = PR_URL.matcher(body);
    return m.find() ? m.group() : "No pull request URL was printed.";
  }
}
