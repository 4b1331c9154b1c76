package dev.awo.spring.boot.web;

import dev.awo.domain.WorkOrderId;
import dev.awo.http.AgentEventAttempts;
import dev.awo.http.EventJson;
import dev.awo.http.EventStreamQuery;
import dev.awo.http.JsonRedaction;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * A {@link WorkOrderListener} that streams a work order's events to its {@link SseEmitter}s: step
 * starts, history saves, status changes, save failures and the agent's live output ({@code
 * agent_event}, tagged with the {@code step} and the {@code attempt} of the {@code step_started}
 * before it, {@link AgentEventAttempts}), in the shapes of {@link EventJson}, every string redacted
 * ({@link JsonRedaction}). Listeners hear a work order's events one at a time and in order, so a
 * step's agent events reach a client after its {@code step_started} and before its {@code
 * step_history_saved}, as on the example host.
 *
 * <p><b>Slow clients never hold up a run.</b> The listener only offers each event to a bounded
 * queue per client ({@value #QUEUE_CAPACITY} events) and returns; one sender thread writes to the
 * clients. A client that falls that far behind gets an {@code overflow} event and its stream ends;
 * it reconnects and starts again from a snapshot. Every {@value #KEEP_ALIVE_SECONDS} s an idle
 * stream gets a {@code : keep-alive} comment, so that proxies do not cut it during a long step. This
 * class is thread-safe.
 */
public final class SseEventHub implements WorkOrderListener, AutoCloseable {
  /** The most events a client's queue holds before it counts as too slow. */
  public static final int QUEUE_CAPACITY = 256;
  /** How often an idle stream gets a keep-alive comment. */
  public static final int KEEP_ALIVE_SECONDS = 15;

  private static final Frame KEEP_ALIVE = new Frame(null, null, false);

  private final AgentEventAttempts attempts = new AgentEventAttempts();
  private final ConcurrentMap<WorkOrderId, Set<Client>> clients = new ConcurrentHashMap<>();
  private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "awo-sse-sender");
    t.setDaemon(true);
    return t;
  });

  /** A hub whose idle streams get a keep-alive comment every {@value #KEEP_ALIVE_SECONDS} s. */
  public SseEventHub() {
    this(Duration.ofSeconds(KEEP_ALIVE_SECONDS));
  }

  SseEventHub(Duration keepAlive) {
    long millis = keepAlive.toMillis();
    sender.scheduleWithFixedDelay(this::keepAlive, millis, millis, TimeUnit.MILLISECONDS);
  }

  private void keepAlive() {
    clients.values().forEach(set -> set.forEach(Client::keepAlive));
  }

  private record Frame(String name, String json, boolean terminal) {}

  @Override
  public void onEvent(WorkOrderEvent event) {
    int attempt = attempts.hear(event);
    Set<Client> watching = clients.get(event.workOrderId());
    if (watching == null || watching.isEmpty()) {
      return;
    }
    Frame frame = new Frame(event.name(), JsonRedaction.redacted(EventJson.of(event, attempt)).toString(),
        EventJson.endsWorkOrder(event));
    watching.forEach(client -> client.offer(frame));
  }

  /**
   * Adds {@code emitter} as a client of {@code id}'s events, collecting but not yet sending them:
   * call it before sending the snapshot, and {@link Subscription#open open} the result after, so
   * that no save falls between the two and nothing overtakes the snapshot.
   */
  Subscription subscribe(WorkOrderId id, SseEmitter emitter) {
    Client client = new Client(id, emitter);
    clients.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(client);
    emitter.onCompletion(client::remove);
    emitter.onTimeout(client::remove);
    emitter.onError(e -> client.remove());
    return client;
  }

  /** How many clients watch {@code id} now. */
  public int clientCount(WorkOrderId id) {
    Set<Client> watching = clients.get(id);
    return watching == null ? 0 : watching.size();
  }

  /** Ends every stream and stops the sender thread. */
  @Override
  public void close() {
    clients.values().forEach(set -> set.forEach(c -> {
      c.remove();
      c.emitter.complete();
    }));
    sender.shutdownNow();
  }

  static void send(SseEmitter emitter, String name, String json) throws IOException {
    emitter.send(SseEmitter.event().name(name).data(json, MediaType.APPLICATION_JSON));
  }

  /** A client's subscription, collecting events until it is opened. */
  interface Subscription {
    /**
     * Starts sending the collected events and those that follow, until the work order ends (and,
     * {@code endsAfterSave}, until the next saved result: {@link EventStreamQuery#endsStream}).
     */
    void open(boolean endsAfterSave);
  }

  private final class Client implements Subscription {
    private final WorkOrderId id;
    private final SseEmitter emitter;
    private final BlockingQueue<Frame> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean overflowed;
    private volatile boolean gone;
    private volatile boolean open;
    private volatile boolean endsAfterSave;

    Client(WorkOrderId id, SseEmitter emitter) {
      this.id = id;
      this.emitter = emitter;
    }

    void offer(Frame frame) {
      if (gone) {
        return;
      }
      if (!queue.offer(frame)) {
        overflowed = true;
        remove();
      }
      schedule();
    }

    void keepAlive() {
      if (open && queue.isEmpty()) {
        offer(KEEP_ALIVE);
      }
    }

    @Override
    public void open(boolean endsAfterSave) {
      this.endsAfterSave = endsAfterSave;
      open = true;
      schedule();
    }

    private void schedule() {
      if (open && draining.compareAndSet(false, true)) {
        try {
          sender.execute(this::drain);
        } catch (java.util.concurrent.RejectedExecutionException e) {
          draining.set(false);
        }
      }
    }

    private void drain() {
      try {
        for (Frame frame = queue.poll(); frame != null; frame = queue.poll()) {
          if (frame == KEEP_ALIVE) {
            emitter.send(SseEmitter.event().comment("keep-alive"));
            continue;
          }
          send(emitter, frame.name(), frame.json());
          if (EventStreamQuery.endsStream(endsAfterSave, frame.name(), frame.terminal())) {
            remove();
            emitter.complete();
            return;
          }
        }
        if (overflowed) {
          send(emitter, "overflow", "{\"error\": \"this client fell behind and was disconnected; "
              + "reconnect to start again from a snapshot\"}");
          emitter.complete();
        }
      } catch (IOException | IllegalStateException e) {
        remove(); // the client went away
      } finally {
        draining.set(false);
        if (!queue.isEmpty() && !gone) {
          schedule();
        }
      }
    }

    void remove() {
      gone = true;
      clients.computeIfPresent(id, (k, set) -> {
        set.remove(this);
        return set.isEmpty() ? null : set;
      });
    }
  }
}
