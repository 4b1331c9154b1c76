package dev.awo.examples;

import dev.awo.core.WorkOrderMetrics;
import dev.awo.domain.DiffStats;
import dev.awo.domain.StepResult;
import dev.awo.domain.TokenUsage;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The runner's closing summary: status, the one error (said once), the branch, the pull request as
 * GitHub reported it (or why there is none), cost in dollars and cents, tokens, git's diff and the
 * time taken. Plain ASCII only, so it reads the same in any locale. Stateless and thread-safe.
 */
final class Summary {
  private Summary() {}

  static void print(PrintStream out, WorkOrder end, WorkOrderMetrics metrics, List<StepResult> results, Duration took,
      Path workDir) {
    out.println();
    out.println("work order   " + end.id() + "  " + end.status().wireName());
    if (end.errorMessage() != null && end.status() != WorkOrderStatus.COMPLETED) {
      out.println("error        " + ascii(saidOnce(AwoRunner.oneLine(end.errorMessage()))));
    }
    out.println("branch       " + (end.branchName() == null ? "none" : ascii(end.branchName())));
    out.println("pull request " + ascii(pullRequest(end, results)));
    if (metrics.costUsd() != null || metrics.tokenUsage() != null) {
      TokenUsage t = metrics.tokenUsage();
      out.println("cost         " + (metrics.costUsd() == null ? "unknown" : dollars(metrics.costUsd()))
          + (t == null ? "" : String.format(Locale.ROOT, ", %,d tokens (in %,d, out %,d, cache write %,d, cache read %,d)",
              t.total(), t.inputTokens(), t.outputTokens(), t.cacheCreationInputTokens(), t.cacheReadInputTokens())));
    }
    DiffStats diff = metrics.diffStats();
    if (diff != null) {
      out.println(String.format(Locale.ROOT, "diff (git)   %d file%s changed, +%d -%d  (%s..%s)", diff.filesChanged(),
          diff.filesChanged() == 1 ? "" : "s", diff.linesAdded(), diff.linesRemoved(), shortSha(metrics.baseCommit()),
          shortSha(metrics.headCommit())));
    }
    out.println(String.format(Locale.ROOT, "steps        %d saved, %.1fs in steps, %.1fs in all", results.size(),
        metrics.totalStepTime().toMillis() / 1000.0, took.toMillis() / 1000.0));
    out.println("workdir      " + ascii(workDir.toString()));
    out.flush();
  }

  /** What to say about the pull request: GitHub's URL, or why there is none. */
  static String pullRequest(WorkOrder end, List<StepResult> results) {
    Optional<StepResult> step = results.stream().filter(r -> r.data().containsKey("pr_verified")).reduce((a, b) -> b);
    boolean verified = step.map(r -> "true".equals(r.data().get("pr_verified"))).orElse(false);
    if (end.prUrl() != null) {
      if (verified) {
        return end.prUrl() + ("awo".equals(step.get().data().get("pr_opened_by"))
            ? "  (opened by awo: the agent pushed the branch but opened none)" : "");
      }
      return end.prUrl() + "  (as the agent reported it; not verified: the repository is not on GitHub)";
    }
    if (step.isPresent() && step.get().succeeded() && !verified) {
      return "none - the repository is not on GitHub, so the branch was pushed and no pull request opened";
    }
    String said = results.stream().filter(r -> r.step().equals("create_pr") && r.succeeded())
        .reduce((a, b) -> b).map(r -> ConsoleProgress.firstLine(r.output(), 400)).orElse("");
    return "none" + (said.isEmpty() ? "" : " - " + said);
  }

  /** {@code $0.0123} under a dollar, {@code $1.26} from a dollar on: the rule of the issue comment. */
  static String dollars(BigDecimal cost) {
    int scale = cost.compareTo(BigDecimal.ONE) >= 0 ? 2 : 4;
    return "$" + cost.setScale(scale, RoundingMode.HALF_UP).toPlainString();
  }

  /** {@code step 'x' failed: x failed: why} said once: {@code step 'x' failed: why}. */
  static String saidOnce(String error) {
    return error.replaceFirst("^step '([^']+)' failed: \\1 failed: ", "step '$1' failed: ");
  }

  /** Non-ASCII characters replaced: dashes and quotes by their ASCII forms, anything else by '?'. */
  static String ascii(String raw) {
    String text = TerminalText.text(raw);
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 128) {
        out.append(c);
      } else if (c == '\u2014' || c == '\u2013' || c == '\u2212') {
        out.append('-');
      } else if (c == '\u2018' || c == '\u2019') {
        out.append('\'');
      } else if (c == '\u201c' || c == '\u201d') {
        out.append('"');
      } else if (c == '\u2026') {
        out.append("...");
      } else if (!Character.isLowSurrogate(c)) {
        out.append('?');
      }
    }
    return out.toString();
  }

  private static String shortSha(String sha) {
    return sha == null ? "?" : sha.substring(0, Math.min(7, sha.length()));
  }
}
