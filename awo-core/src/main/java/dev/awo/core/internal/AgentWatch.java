package dev.awo.core.internal;

import dev.awo.core.workflow.FailureCategory;
import dev.awo.spi.agent.AgentEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches one agent attempt through its live events and stops it when it runs away: over the work
 * order's or the node's {@link dev.awo.core.workflow.Budget} (spend from a {@link UsageMeter},
 * shared through the run's {@link SpendLedger}), the same tool call too many times in a row, or no
 * event for too long. Stopping means interrupting the thread that called the agent, which by the
 * {@link dev.awo.spi.agent.AgentExecutor} contract kills the agent's processes at once; {@link
 * #close()} clears that interrupt again and says why it stopped.
 *
 * <p>The silence check runs on one shared daemon timer ({@value #TICK_MILLIS} ms ticks) that reads
 * the run's clock, so a virtual clock moved by a test trips it without real waiting. Thread-safe:
 * events, ticks and the attempt's own thread meet under the watch's monitor.
 */
final class AgentWatch implements Consumer<AgentEvent> {
  static final long TICK_MILLIS = 200;
  private static final int INPUT_EXCERPT = 120;
  private static final ScheduledThreadPoolExecutor TIMER = timer();

  private final AttemptLimits limits;
  private final SpendLedger ledger;
  private final String node;
  private final Clock clock;
  private final Consumer<AgentEvent> downstream;
  private final UsageMeter meter;
  private Thread caller;
  private ScheduledFuture<?> ticks;
  private boolean open;
  private AgentStop stop;
  private Instant lastEventAt;
  private String lastToolCall;
  private String lastToolName;
  private int sameToolCalls;

  AgentWatch(AttemptLimits limits, SpendLedger ledger, String node, Clock clock, Consumer<AgentEvent> downstream) {
    this.limits = limits;
    this.ledger = ledger;
    this.node = node;
    this.clock = clock;
    this.downstream = downstream;
    this.meter = new UsageMeter(limits.prices());
  }

  /** Why the attempt must not start at all (a budget is used up already), or null. */
  AgentStop refusal() {
    return checkBudgets(BudgetCheck.Moment.BEFORE_START);
  }

  /** Starts watching; the calling thread is the one a stop interrupts. */
  synchronized void start() {
    caller = Thread.currentThread();
    open = true;
    lastEventAt = clock.instant();
    ledger.running(this, node, AgentSpend.NONE);
    if (limits.stuck().detectsSilence()) {
      ticks = TIMER.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public void accept(AgentEvent event) {
    downstream.accept(event);
    synchronized (this) {
      if (!open) {
        return;
      }
      lastEventAt = clock.instant();
      if (event instanceof AgentEvent.ToolUse tool) {
        toolCall(tool);
      }
      if (meter.accept(event)) {
        ledger.running(this, node, meter.spend());
        AgentStop over = checkBudgets(event instanceof AgentEvent.Result ? BudgetCheck.Moment.AT_RESULT
            : BudgetCheck.Moment.RUNNING);
        if (over != null) {
          trip(over);
        }
      }
    }
  }

  /**
   * Stops watching: no stop can happen after it, and an interrupt the watch caused is cleared.
   * Call on the attempt's thread once the agent returned (or threw).
   *
   * @return why the watch stopped the attempt, or null
   */
  synchronized AgentStop close() {
    open = false;
    if (ticks != null) {
      ticks.cancel(false);
    }
    if (stop != null) {
      Thread.interrupted();
    }
    return stop;
  }

  /** The attempt's spend as its events showed it (the meter's), for a call that reported none. */
  synchronized AgentSpend streamed() {
    return meter.sawAnything() ? meter.spend() : null;
  }

  private void toolCall(AgentEvent.ToolUse tool) {
    String call = tool.toolName() + "\u0000" + tool.inputJson();
    sameToolCalls = call.equals(lastToolCall) ? sameToolCalls + 1 : 1;
    lastToolCall = call;
    lastToolName = tool.toolName();
    int limit = limits.stuck().repeatedToolCalls();
    if (limits.stuck().detectsLoops() && sameToolCalls >= limit) {
      String input = tool.inputJson() == null ? "" : tool.inputJson().replaceAll("\\s+", " ");
      trip(new AgentStop(FailureCategory.AGENT_STUCK, "stuck: the agent called " + lastToolName
          + " with the same input " + sameToolCalls + " times in a row ("
          + (input.length() > INPUT_EXCERPT ? input.substring(0, INPUT_EXCERPT) + "..." : input)
          + "); the agent was stopped"));
    }
  }

  private AgentStop checkBudgets(BudgetCheck.Moment moment) {
    AgentStop over = BudgetCheck.check(limits.workOrder(), ledger.workOrder(), "the work order's", moment);
    return over != null ? over : BudgetCheck.check(limits.node(), ledger.node(node), nodeOwner(), moment);
  }

  private synchronized void tick() {
    if (!open || stop != null) {
      return;
    }
    Duration quiet = Duration.between(lastEventAt, clock.instant());
    Duration limit = limits.stuck().silence();
    if (quiet.compareTo(limit) >= 0) {
      trip(new AgentStop(FailureCategory.AGENT_STUCK, "stuck: no agent event for " + words(quiet)
          + " (the silence limit is " + words(limit) + "); the agent was stopped"));
    }
  }

  private void trip(AgentStop reason) {
    if (open && stop == null) {
      stop = reason;
      caller.interrupt();
    }
  }

  private String nodeOwner() {
    return "node '" + node + "''s";
  }

  static String words(Duration d) {
    long seconds = d.toSeconds();
    if (seconds < 60) {
      return d.toMillis() % 1000 == 0 ? seconds + " s" : d.toMillis() + " ms";
    }
    long minutes = seconds / 60;
    if (minutes < 60) {
      return minutes + " min" + (seconds % 60 == 0 ? "" : " " + seconds % 60 + " s");
    }
    return minutes / 60 + " h" + (minutes % 60 == 0 ? "" : " " + minutes % 60 + " min");
  }

  private static ScheduledThreadPoolExecutor timer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "awo-agent-watchdog");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    timer.setKeepAliveTime(5, TimeUnit.SECONDS);
    timer.allowCoreThreadTimeOut(true);
    return timer;
  }
}
