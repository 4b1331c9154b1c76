package dev.awo.github;

import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.github.internal.ProgressRenderer;
import dev.awo.github.internal.ProgressState;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import dev.awo.spi.github.IssueCommenter;
import dev.awo.spi.process.Redactor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A listener that keeps one comment on a work order's GitHub issue up to date: a checklist of the
 * workflow's steps, each ticked with its duration when its history save arrives, the failing step
 * marked with its error, and at the end the pull request link and the run's cost.
 *
 * <pre>{@code
 * try (IssueProgressComment progress = new IssueProgressComment(ghCli,
 *     List.of("classify", "plan", "find_plan", "generate_branch", "implement", "commit", "create_pr"))) {
 *   orchestrator.addListener(progress);
 *   ...
 * }
 * }</pre>
 *
 * <p>It never slows or breaks a run: events only update an in-memory state and hand the work to the
 * listener's own single background thread. Updates are coalesced (only the newest state of a work
 * order is posted; one that arrives while a post is in flight waits and is merged with any that
 * follow). The comment is created with the first post and edited afterwards, never duplicated.
 * Failures to comment are logged, counted ({@link #failureCount()}) and handed to the optional
 * failure handler, never thrown.
 *
 * <p>Work orders without an issue number are ignored. The listener learns a work order's repository
 * and issue from its status changes (the orchestrator reports the change to running before the first
 * step); step events of a work order it has not yet seen a status change for are ignored.
 *
 * <p>This class is thread-safe. {@link #flush(Duration)} waits for pending updates; {@link #close()}
 * flushes and stops the background thread.
 */
public final class IssueProgressComment implements WorkOrderListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IssueProgressComment.class);
  private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

  /**
   * A comment that could not be posted or edited.
   *
   * @param workOrderId the work order whose progress it was
   * @param issueNumber the issue
   * @param error what went wrong (messages carry no secrets)
   */
  public record Failure(WorkOrderId workOrderId, int issueNumber, RuntimeException error) {}

  private final IssueCommenter commenter;
  private final ProgressRenderer renderer;
  private final Consumer<Failure> onFailure;
  private final ExecutorService worker;
  private final Map<WorkOrderId, Slot> slots = new ConcurrentHashMap<>();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong posts = new AtomicLong();

  /** A progress comment for workflows with these steps, in order. */
  public IssueProgressComment(IssueCommenter commenter, List<String> steps) {
    this(commenter, steps, failure -> {});
  }

  /** As {@link #IssueProgressComment(IssueCommenter, List)}, telling {@code onFailure} of each failure. */
  public IssueProgressComment(IssueCommenter commenter, List<String> steps, Consumer<Failure> onFailure) {
    this.commenter = Objects.requireNonNull(commenter, "commenter");
    this.renderer = new ProgressRenderer(Objects.requireNonNull(steps, "steps"));
    this.onFailure = Objects.requireNonNull(onFailure, "onFailure");
    this.worker = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "awo-issue-progress");
      thread.setDaemon(true);
      return thread;
    });
  }

  @Override
  public void onEvent(WorkOrderEvent event) {
    try {
      if (event instanceof WorkOrderEvent.StatusChanged changed) {
        onStatus(changed);
      } else if (event instanceof WorkOrderEvent.StepStarted started) {
        update(started.workOrderId(), state -> state.withRunningStep(started.step()));
      } else if (event instanceof WorkOrderEvent.HistorySaved saved) {
        update(saved.workOrderId(), state -> state.withHistory(saved.snapshot()));
      }
    } catch (RuntimeException e) {
      LOG.atWarn().setMessage("progress_comment_event_failed")
          .addKeyValue("work_order_id", event.workOrderId())
          .addKeyValue("error", Redactor.patternsOnly().redact(String.valueOf(e)))
          .log();
    }
  }

  /** How many posts or edits have failed so far. */
  public long failureCount() {
    return failures.get();
  }

  /** How many comments were created or edited so far. */
  public long postCount() {
    return posts.get();
  }

  /**
   * Waits up to {@code timeout} for every update handed over before this call to be posted.
   *
   * @return true when they were, false on timeout
   */
  public boolean flush(Duration timeout) {
    try {
      Future<?> marker = worker.submit(() -> {});
      marker.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      return true;
    } catch (RejectedExecutionException | ExecutionException | TimeoutException e) {
      return worker.isTerminated();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Posts what is pending (waiting up to 30 s) and stops the background thread. */
  @Override
  public void close() {
    flush(CLOSE_WAIT);
    worker.shutdown();
    try {
      if (!worker.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        worker.shutdownNow();
      }
    } catch (InterruptedException e) {
      worker.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private void onStatus(WorkOrderEvent.StatusChanged changed) {
    WorkOrder order = changed.workOrder();
    if (order == null || order.issueNumber() == null) {
      return;
    }
    Slot slot = slots.computeIfAbsent(changed.workOrderId(),
        id -> new Slot(order.repositoryUrl(), order.issueNumber(), new ProgressState(id, order, null, null)));
    slot.merge(state -> state.withWorkOrder(order));
    schedule(slot);
  }

  private void update(WorkOrderId id, java.util.function.UnaryOperator<ProgressState> change) {
    Slot slot = slots.get(id);
    if (slot != null) {
      slot.merge(change);
      schedule(slot);
    }
  }

  private void schedule(Slot slot) {
    if (slot.claimSchedule()) {
      try {
        worker.execute(() -> post(slot));
      } catch (RejectedExecutionException e) {
        slot.releaseSchedule();
        LOG.atDebug().setMessage("progress_comment_skipped_after_close").log();
      }
    }
  }

  /** Runs on the worker: posts the newest state of the slot, unless it equals what was posted last. */
  private void post(Slot slot) {
    ProgressState state = slot.takeLatest();
    String body;
    try {
      body = renderer.render(state);
    } catch (RuntimeException e) {
      fail(slot, state, e);
      return;
    }
    try {
      if (!body.equals(slot.postedBody)) {
        if (slot.commentId == null) {
          slot.commentId = commenter.comment(slot.repositoryUrl, slot.issueNumber, body);
          LOG.atInfo().setMessage("progress_comment_created")
              .addKeyValue("work_order_id", state.workOrderId())
              .addKeyValue("issue", slot.issueNumber)
              .addKeyValue("comment_id", slot.commentId)
              .log();
        } else {
          commenter.update(slot.repositoryUrl, slot.commentId, body);
          LOG.atDebug().setMessage("progress_comment_updated")
              .addKeyValue("work_order_id", state.workOrderId())
              .addKeyValue("comment_id", slot.commentId)
              .log();
        }
        slot.postedBody = body;
        posts.incrementAndGet();
      }
    } catch (RuntimeException e) {
      fail(slot, state, e);
    }
    if (state.terminal() && slot.idle()) {
      slots.remove(state.workOrderId(), slot);
    }
  }

  private void fail(Slot slot, ProgressState state, RuntimeException e) {
    failures.incrementAndGet();
    LOG.atWarn().setMessage("progress_comment_failed")
        .addKeyValue("work_order_id", state.workOrderId())
        .addKeyValue("issue", slot.issueNumber)
        .addKeyValue("error", Redactor.patternsOnly().redact(String.valueOf(e.getMessage())))
        .log();
    try {
      onFailure.accept(new Failure(state.workOrderId(), slot.issueNumber, e));
    } catch (RuntimeException handlerFailure) {
      LOG.atWarn().setMessage("progress_comment_failure_handler_failed")
          .addKeyValue("error", String.valueOf(handlerFailure)).log();
    }
  }

  /** One work order's comment: the newest state and whether a post is queued. Guarded by itself. */
  private static final class Slot {
    final String repositoryUrl;
    final int issueNumber;
    private ProgressState latest;
    private boolean scheduled;
    // touched only by the single worker thread
    Long commentId;
    String postedBody;

    Slot(String repositoryUrl, int issueNumber, ProgressState initial) {
      this.repositoryUrl = repositoryUrl;
      this.issueNumber = issueNumber;
      this.latest = initial;
    }

    synchronized void merge(java.util.function.UnaryOperator<ProgressState> change) {
      latest = change.apply(latest);
    }

    synchronized boolean claimSchedule() {
      if (scheduled) {
        return false;
      }
      scheduled = true;
      return true;
    }

    synchronized void releaseSchedule() {
      scheduled = false;
    }

    /** Takes the state to post; updates arriving from now on queue another post. */
    synchronized ProgressState takeLatest() {
      scheduled = false;
      return latest;
    }

    synchronized boolean idle() {
      return !scheduled;
    }
  }
}
