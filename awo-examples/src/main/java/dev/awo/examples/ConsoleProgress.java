package dev.awo.examples;

import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The runner's terminal output: one line per step the moment its result is saved, e.g.
 * {@code [3/7] find_plan        ok      0.4s  specs/wo-1a2b3c4d-feature-plan.md}. On an interactive
 * terminal the step that is running is shown on a line of its own that the saved line replaces.
 *
 * <p>This class is thread-safe.
 */
final class ConsoleProgress implements WorkOrderListener {
  private static final String CLEAR_LINE = "\r\033[2K";

  private final PrintStream out;
  private final boolean interactive;
  private final Map<String, int[]> positions = new ConcurrentHashMap<>();
  private volatile WorkOrderId first;

  ConsoleProgress(PrintStream out, boolean interactive) {
    this.out = out;
    this.interactive = interactive;
  }

  @Override
  public void onStepStarted(WorkOrderEvent.StepStarted e) {
    positions.put(e.workOrderId() + "/" + e.step(), new int[] {e.position(), e.total()});
    if (interactive) {
      print(CLEAR_LINE + prefix(e.workOrderId()) + "[" + e.position() + "/" + e.total() + "] " + e.step()
          + (e.attempt() > 1 ? " (attempt " + e.attempt() + ")" : "") + "  running...", false);
    }
  }

  @Override
  public void onHistorySaved(WorkOrderEvent.HistorySaved e) {
    StepResult r = e.result();
    int[] at = positions.getOrDefault(e.workOrderId() + "/" + r.step(), new int[] {e.snapshot().size(), 0});
    String position = at[1] > 0 ? "[" + at[0] + "/" + at[1] + "]" : "[" + at[0] + "]";
    String outcome = r.succeeded() ? "ok" : r.outcome().wireName().toUpperCase(Locale.ROOT);
    String detail = r.succeeded() ? firstLine(r.output()) : firstLine(r.errorMessage());
    String line = String.format(Locale.ROOT, "%s%s %-16s %-6s %5.1fs  %s%s", prefix(e.workOrderId()), position,
        r.step(), outcome, r.duration().toMillis() / 1000.0, detail,
        r.attempt() > 1 ? "  (attempt " + r.attempt() + ")" : "");
    print((interactive ? CLEAR_LINE : "") + line.stripTrailing(), true);
  }

  @Override
  public void onStatusChanged(WorkOrderEvent.StatusChanged e) {
    if (first == null) {
      first = e.workOrderId();
    }
    if (!e.current().isTerminal() && !e.workOrderId().equals(first)) {
      print(prefix(e.workOrderId()) + "status " + e.current().wireName(), true);
    }
  }

  @Override
  public void onSaveFailed(WorkOrderEvent.SaveFailed e) {
    print(prefix(e.workOrderId()) + "! saving version " + e.version() + " failed after " + e.attempts()
        + " attempts: " + e.error() + (e.runContinues() ? " (the run goes on)" : ""), true);
  }

  private String prefix(WorkOrderId id) {
    if (first == null) {
      first = id;
    }
    return id.equals(first) ? "" : id + " ";
  }

  private void print(String text, boolean newline) {
    synchronized (out) {
      if (newline) {
        out.println(text);
      } else {
        out.print(text);
      }
      out.flush();
    }
  }

  static String firstLine(String text) {
    return firstLine(text, 80);
  }

  static String firstLine(String text, int max) {
    if (text == null) {
      return "";
    }
    String line = text.strip().lines().findFirst().orElse("");
    return line.length() > max ? line.substring(0, max - 3) + "..." : line;
  }
}
