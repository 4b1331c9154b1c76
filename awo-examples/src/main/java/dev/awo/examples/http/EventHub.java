package dev.awo.examples.http;

import dev.awo.domain.WorkOrderId;
import dev.awo.http.AgentEventAttempts;
import dev.awo.http.EventJson;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@link WorkOrderListener} that fans a work order's events out to the clients watching it
 * (server-sent events): step starts, history saves, status changes, save failures and the agent's
 * live output ({@code agent_event}, tagged with the {@code step} and the {@code attempt} of the
 * {@code step_started} before it). Listeners hear a work order's events one at a time and in order,
 * so a step's agent events reach a client after its {@code step_started} and before its {@code
 * step_history_saved}.
 *
 * <p><b>Slow clients never hold up a run.</b> Each subscription has a bounded queue of {@value
 * #QUEUE_CAPACITY} events; the listener only offers to it, which never blocks. A client that falls
 * that far behind is disconnected: its subscription is marked overflowed and dropped from the hub,
 * and its stream ends with an {@code overflow} event. Nothing is lost for good — the client
 * reconnects, and the stream starts again with a snapshot of the saved history.
 *
 * <pre>{@code
 * EventHub hub = new EventHub();
 * WorkflowOrchestrator.builder().listener(hub)...
 * try (EventHub.Subscription s = hub.subscribe(id)) { EventHub.Frame f = s.next(Duration.ofSeconds(15)); }
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class EventHub implements WorkOrderListener {
  /** The most events a subscription holds before its client counts as too slow. */
  public static final int QUEUE_CAPACITY = 256;

  private final ConcurrentMap<WorkOrderId, Set<Subscription>> subscriptions = new ConcurrentHashMap<>();
  private final AgentEventAttempts attempts = new AgentEventAttempts();

  /** One event ready to send: its name, its JSON, and whether it ends the work order. */
  public record Frame(String name, String json, boolean terminal) {}

  @Override
  public void onEvent(WorkOrderEvent event) {
    int attempt = attempts.hear(event);
    Set<Subscription> watching = subscriptions.get(event.workOrderId());
    if (watching == null || watching.isEmpty()) {
      return;
    }
    Frame frame = new Frame(event.name(), EventJson.of(event, attempt).toString(), EventJson.endsWorkOrder(event));
    for (Subscription subscription : watching) {
      subscription.offer(frame);
    }
  }

  /** Starts collecting the events of {@code id} for one client; close the subscription when done. */
  public Subscription subscribe(WorkOrderId id) {
    Subscription subscription = new Subscription(id);
    subscriptions.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(subscription);
    return subscription;
  }

  /** How many clients watch {@code id} now. */
  public int subscriberCount(WorkOrderId id) {
    Set<Subscription> watching = subscriptions.get(id);
    return watching == null ? 0 : watching.size();
  }

  /** Ends every subscription (their clients see the stream end). */
  public void closeAll() {
    subscriptions.values().forEach(set -> set.forEach(Subscription::close));
  }

  private void remove(Subscription subscription) {
    subscriptions.computeIfPresent(subscription.workOrderId, (id, set) -> {
      set.remove(subscription);
      return set.isEmpty() ? null : set;
    });
  }

  /** One client's queue of events. Written by the listener, read by the client's stream thread. */
  public final class Subscription implements AutoCloseable {
    private static final Frame CLOSED = new Frame("closed", "{}", true);

    private final WorkOrderId workOrderId;
    private final BlockingQueue<Frame> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY + 1);
    private volatile boolean overflowed;
    private volatile boolean closed;

    private Subscription(WorkOrderId workOrderId) {
      this.workOrderId = workOrderId;
    }

    private void offer(Frame frame) {
      if (closed) {
        return;
      }
      if (queue.size() >= QUEUE_CAPACITY || !queue.offer(frame)) {
        overflowed = true;
        close();
      }
    }

    /**
     * The next event, or null when none came within {@code wait}. After the subscription was closed
     * (or overflowed) this returns a frame named {@code closed} once the queue is drained.
     */
    public Frame next(Duration wait) throws InterruptedException {
      Frame frame = queue.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
      return frame == null && closed ? CLOSED : frame;
    }

    /** True when the client fell {@value #QUEUE_CAPACITY} events behind and was cut off. */
    public boolean overflowed() {
      return overflowed;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        remove(this);
        queue.offer(CLOSED); // wakes a reader waiting in next(); the spare slot makes room for it
      }
    }
  }
}
