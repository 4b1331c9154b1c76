package dev.awo.github.internal;

import dev.awo.domain.StepOutcome;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.process.Redactor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the Markdown body of a progress comment: a checklist of the workflow's steps (ticked with
 * their duration once saved, the failing one marked with its error), then the pull request and the
 * run's cost once the work order has ended. Pure and thread-safe.
 */
public final class ProgressRenderer {
  /** The longest error excerpt shown for a failed step. */
  public static final int MAX_ERROR_CHARS = 200;

  private final List<String> steps;

  public ProgressRenderer(List<String> steps) {
    this.steps = List.copyOf(steps);
  }

  public String render(ProgressState state) {
    Map<String, StepResult> latest = new LinkedHashMap<>();
    for (String step : steps) {
      latest.put(step, null);
    }
    BigDecimal cost = BigDecimal.ZERO;
    boolean anyCost = false;
    if (state.history() != null) {
      for (StepResult result : state.history().results()) {
        latest.put(result.step(), result);
        if (result.costUsd() != null) {
          cost = cost.add(result.costUsd());
          anyCost = true;
        }
      }
    }
    WorkOrder order = state.workOrder();
    StringBuilder out = new StringBuilder(512);
    out.append("<!-- awo-progress:").append(state.workOrderId()).append(" -->\n");
    out.append("### ").append(headline(order)).append(" · work order `").append(state.workOrderId()).append("`\n\n");
    for (Map.Entry<String, StepResult> entry : latest.entrySet()) {
      out.append(line(entry.getKey(), entry.getValue(), entry.getKey().equals(state.runningStep()))).append('\n');
    }
    if (order != null && order.status().isTerminal()) {
      out.append('\n');
      if (order.prUrl() != null && !order.prUrl().isBlank()) {
        out.append("**Pull request:** ").append(order.prUrl().strip()).append('\n');
      }
      if (order.status() != WorkOrderStatus.COMPLETED && order.errorMessage() != null) {
        out.append("**Error:** `").append(shortError(order.errorMessage())).append("`\n");
      }
      out.append("**Cost:** ").append(anyCost ? dollars(cost) : "unknown").append('\n');
    }
    return out.toString();
  }

  private static String headline(WorkOrder order) {
    if (order == null) {
      return "⏳ Running";
    }
    return switch (order.status()) {
      case COMPLETED -> "✅ Completed";
      case FAILED -> "❌ Failed";
      case CANCELLED -> "🚫 Cancelled";
      case WAITING -> "⏸️ Waiting for approval";
      default -> "⏳ Running";
    };
  }

  private static String line(String step, StepResult result, boolean running) {
    String name = "`" + step.replace("`", "'") + "`";
    if (result == null || running) {
      String retry = result != null ? " (retrying)" : "";
      return running ? "- [ ] " + name + " — running…" + retry : "- [ ] " + name;
    }
    String attempt = result.attempt() > 1 ? ", attempt " + result.attempt() : "";
    String took = duration(result.duration()) + attempt;
    if (result.outcome() == StepOutcome.SUCCEEDED) {
      return "- [x] " + name + " (" + took + ")";
    }
    if (result.outcome() == StepOutcome.FAILED) {
      String error = result.errorMessage() == null ? "failed" : shortError(result.errorMessage());
      return "- [ ] " + name + " ❌ failed after " + took + ": `" + error + "`";
    }
    return "- [ ] " + name + " — " + result.outcome().wireName() + " (" + took + ")";
  }

  /** One line, at most {@link #MAX_ERROR_CHARS}, secrets redacted, safe inside a code span. */
  static String shortError(String error) {
    String text = Redactor.patternsOnly().redact(error.strip());
    int newline = text.indexOf('\n');
    if (newline >= 0) {
      text = text.substring(0, newline).strip() + " …";
    }
    text = text.replace('`', '\'').replace('\r', ' ');
    if (text.length() > MAX_ERROR_CHARS) {
      text = text.substring(0, MAX_ERROR_CHARS) + "…";
    }
    return text;
  }

  /** {@code 850 ms}, {@code 12.3 s}, {@code 2 min 5 s}. */
  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return BigDecimal.valueOf(ms).divide(BigDecimal.valueOf(1000), 1, RoundingMode.HALF_UP).toPlainString() + " s";
    }
    long s = Math.round(ms / 1000.0);
    return (s / 60) + " min " + (s % 60) + " s";
  }

  /** {@code $0.0123} under a dollar, {@code $1.23} from a dollar on. */
  static String dollars(BigDecimal cost) {
    int scale = cost.compareTo(BigDecimal.ONE) >= 0 ? 2 : 4;
    return "$" + cost.setScale(scale, RoundingMode.HALF_UP).toPlainString();
  }
}
