package dev.awo.examples;

import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The runner's terminal output: one line per step the moment its result is saved, e.g.
 * {@code [3/7] find_plan        ok      0.4s  specs/wo-1a2b3c4d-feature-plan.md}. On an interactive
 * terminal the step that is running is shown on a line of its own, redrawn every second and at each
 * agent action with the time since the step started and what the agent did last ({@code [4/7]
 * generate_branch  1m05s  Bash: git checkout -b feature-x}, see {@link RunningLine}), that the saved
 * line replaces. Elsewhere (a pipe, a CI log) nothing is redrawn: a step that runs for a minute
 * gets a plain line of the same content, once a minute, so a long step does not look hung.
 * Whatever came from a client, an agent or a workflow file is printed through {@link TerminalText}:
 * no escape sequence or control character reaches the terminal, and credentials are redacted.
 *
 * <p>This class is thread-safe.
 */
final class ConsoleProgress implements WorkOrderListener {
  private static final String CLEAR_LINE = "\r\033[2K";
  private static final long HEARTBEAT_NANOS = 60_000_000_000L;
  private static final ScheduledThreadPoolExecutor TICKER = ticker();

  private final PrintStream out;
  private final boolean interactive;
  private final boolean ticking;
  private final Map<String, int[]> positions = new ConcurrentHashMap<>();
  private final RunningLine running;
  private volatile WorkOrderId first;
  private ScheduledFuture<?> ticks; // guarded by running

  ConsoleProgress(PrintStream out, boolean interactive) {
    this(out, interactive, System::nanoTime, true);
  }

  /** With {@code ticking} false nothing is redrawn on its own: a test calls {@link #tick()}. */
  ConsoleProgress(PrintStream out, boolean interactive, LongSupplier nanoTime, boolean ticking) {
    this.out = out;
    this.interactive = interactive;
    this.ticking = ticking;
    this.running = new RunningLine(nanoTime);
  }

  @Override
  public void onStepStarted(WorkOrderEvent.StepStarted e) {
    positions.put(e.workOrderId() + "/" + e.step(), new int[] {e.position(), e.total()});
    running.started(e, prefix(e.workOrderId()) + "[" + e.position() + "/" + e.total() + "] " + e.step()
        + (e.attempt() > 1 ? " (attempt " + e.attempt() + ")" : ""));
    redraw();
    keepTicking();
  }

  @Override
  public void onAgentEvent(WorkOrderEvent.AgentEventReceived e) {
    if (running.agent(e)) {
      redraw();
    }
  }

  /** Redraws the running line (on a terminal) or prints a heartbeat line for a long step (elsewhere). */
  void tick() {
    if (interactive) {
      redraw();
    } else {
      String heartbeat = running.heartbeat(HEARTBEAT_NANOS);
      if (heartbeat != null) {
        print("", heartbeat, true);
      }
    }
  }

  /** Draws the running line; under the stream's lock, so a line of a step that just ended is never drawn. */
  private void redraw() {
    if (!interactive) {
      return;
    }
    synchronized (out) {
      String line = running.line();
      if (line != null) {
        print(CLEAR_LINE, line, false);
      }
    }
  }

  private void keepTicking() {
    synchronized (running) {
      if (ticking && (ticks == null || ticks.isDone())) {
        ticks = TICKER.scheduleWithFixedDelay(this::tickSafely, 1, 1, TimeUnit.SECONDS);
      }
    }
  }

  private void stopTickingWhenIdle() {
    synchronized (running) {
      if (ticks != null && !running.active()) {
        ticks.cancel(false);
        ticks = null;
      }
    }
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      // a failed redraw must not end the ticks; the next second draws again
    }
  }

  private static ScheduledThreadPoolExecutor ticker() {
    ScheduledThreadPoolExecutor ticker = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "awo-running-line");
      t.setDaemon(true);
      return t;
    });
    ticker.setRemoveOnCancelPolicy(true);
    ticker.setKeepAliveTime(2, TimeUnit.SECONDS);
    ticker.allowCoreThreadTimeOut(true);
    return ticker;
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
    synchronized (out) {
      running.ended(e.workOrderId(), r.step());
      print(interactive ? CLEAR_LINE : "", line.stripTrailing(), true);
      redraw();
    }
    stopTickingWhenIdle();
  }

  @Override
  public void onStatusChanged(WorkOrderEvent.StatusChanged e) {
    if (e.current().isTerminal()) {
      synchronized (out) {
        running.finished(e.workOrderId());
      }
      stopTickingWhenIdle();
    }
    if (first == null) {
      first = e.workOrderId();
    }
    if (!e.current().isTerminal() && !e.workOrderId().equals(first)) {
      print("", prefix(e.workOrderId()) + "status " + e.current().wireName(), true);
    }
  }

  @Override
  public void onSaveFailed(WorkOrderEvent.SaveFailed e) {
    print("", prefix(e.workOrderId()) + "! saving version " + e.version() + " failed after " + e.attempts()
        + " attempts: " + e.error() + (e.runContinues() ? " (the run goes on)" : ""), true);
  }

  private String prefix(WorkOrderId id) {
    if (first == null) {
      first = id;
    }
    return id.equals(first) ? "" : id + " ";
  }

  /** Prints our own {@code control} sequence, then {@code text} made safe and folded onto one line. */
  private void print(String control, String text, boolean newline) {
    String line = control + TerminalText.line(text);
    synchronized (out) {
      if (newline) {
        out.println(line);
      } else {
        out.print(line);
      }
      out.flush();
    }
  }

  static String firstLine(String text) {
    return firstLine(text, 80);
  }

  /** The first line of {@code text} made safe for the terminal ({@link TerminalText}), at most {@code max} long. */
  static String firstLine(String text, int max) {
    if (text == null) {
      return "";
    }
    String line = TerminalText.text(text).strip().lines().findFirst().orElse("").strip();
    return line.length() > max ? line.substring(0, max - 3) + "..." : line;
  }
}
