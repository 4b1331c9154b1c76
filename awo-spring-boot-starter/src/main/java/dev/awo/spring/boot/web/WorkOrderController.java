package dev.awo.spring.boot.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awo.core.Submission;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.SandboxType;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.UnknownWorkOrderException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.git.WorkOrderGitProgress;
import dev.awo.http.ApiProblem;
import dev.awo.http.CreateRequestJson;
import dev.awo.http.ETags;
import dev.awo.http.EventStreamQuery;
import dev.awo.http.GateDecision;
import dev.awo.http.JsonRedaction;
import dev.awo.http.LogQuery;
import dev.awo.http.PathIds;
import dev.awo.http.WorkOrderJson;
import dev.awo.http.WorkOrderLogBuffer;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The example host's live endpoints as a Spring MVC controller, with the same routes and JSON
 * shapes (snake_case keys):
 *
 * <pre>
 * GET  /agent-work-orders[?status=...]    every work order, oldest first
 * POST /agent-work-orders                 create: {"repository_url", "user_request", "issue_number"?, "sandbox_type"?, "workflow"?}
 *                                         (an omitted sandbox_type or workflow: the configured repository's default)
 * GET  /agent-work-orders/{id}            one work order
 * GET  /agent-work-orders/{id}/steps      {"agent_work_order_id", "steps": [...]}
 * GET  /agent-work-orders/{id}/logs       ?limit=&amp;offset=&amp;level=&amp;step= → {"agent_work_order_id", "log_entries", "total", "limit", "offset"}
 * GET  /agent-work-orders/{id}/logs/stream ?level=&amp;step=&amp;since= → server-sent {@code log_entry} events (id = sequence)
 *                                         after {@code since} (or {@code Last-Event-ID}), then live; {@code end} when it ends
 * GET  /agent-work-orders/{id}/git-progress {"agent_work_order_id", "current_phase", "git_commit_count",
 *                                         "git_files_changed", "latest_commit_message", "git_branch_name", "source"}
 * GET  /agent-work-orders/{id}/gates      {"agent_work_order_id", "waiting_gates": [{"node", "message"}]}
 * POST /agent-work-orders/{id}/approve    {"node", "reason"?}: approves the gate waiting at node → 202
 * POST /agent-work-orders/{id}/reject     {"node", "reason"}: rejects it → 202 {"agent_work_order_id", "node", "decision", "reason"}
 * GET  /agent-work-orders/{id}/events     ?follow_up= → server-sent events: a snapshot, then every step start, agent event,
 *                                         save and status change
 * POST /agent-work-orders/{id}/prompt     {"prompt": ...}: a follow-up prompt; answers when it has run
 * POST /agent-work-orders/{id}/cancel     cancels a running work order
 * </pre>
 *
 * <p>The JSON shapes, tags, log buffer and stream and request parsing are awo-http's ({@code
 * dev.awo.http}), shared with the example host; this class binds them to Spring MVC.
 *
 * <p>The reads of a work order, its steps, its git progress and the list carry an {@code ETag} derived from the
 * work order's {@code updatedAt} and its history's version (not from the body) and answer {@code 304
 * Not Modified} with no body to a matching {@code If-None-Match} (weak, a list, or {@code *}).
 *
 * <p>An unknown id is a 404, a malformed body or an invalid field a 400 naming the field, a state
 * conflict a 409 (approve/reject: nothing waits at that node, or the work order ended); errors are {@code {"error": message, "field": name-or-null}}. The controller adds
 * no security of its own: requests pass the application's filter chain (Spring Security), so
 * protect {@code /agent-work-orders/**} there. Thread-safe.
 */
@RestController
@RequestMapping("/agent-work-orders")
public class WorkOrderController extends JsonEndpoints implements AutoCloseable {
  private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

  private final WorkflowOrchestrator orchestrator;
  private final SseEventHub hub;
  private final SandboxType defaultSandboxType;
  private final ConfiguredRepositoryRepository configured;
  private final WorkOrderLogBuffer logs;
  private final SseLogStreams logStreams;
  private final WorkOrderGitProgress git = new WorkOrderGitProgress();

  WorkOrderController(WorkflowOrchestrator orchestrator, SseEventHub hub, SandboxType defaultSandboxType,
      ConfiguredRepositoryRepository configured, WorkOrderLogBuffer logs, SseLogStreams logStreams) {
    this.logStreams = logStreams;
    this.orchestrator = orchestrator;
    this.hub = hub;
    this.defaultSandboxType = defaultSandboxType;
    this.configured = configured;
    this.logs = logs;
  }

  @GetMapping
  public ResponseEntity<String> list(@RequestParam(name = "status", required = false) String status,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    List<WorkOrder> orders;
    if (status == null) {
      orders = orchestrator.workOrders();
    } else {
      try {
        orders = orchestrator.workOrders(WorkOrderStatus.fromWireName(status));
      } catch (InvalidInputException e) {
        throw ApiProblem.badRequest("status", e.getMessage());
      }
    }
    List<WorkOrder> listed = orders;
    return conditional(ifNoneMatch, ETags.list(listed, status), () -> WorkOrderJson.workOrders(listed));
  }

  /**
   * POST /agent-work-orders: 201 with a new work order; with an {@code Idempotency-Key} header
   * already used for the same request, 200 with the work order first created for it (nothing new
   * starts, Location names it too); 409 when the key was used for a different request; 400 for a
   * malformed key.
   */
  @PostMapping
  public ResponseEntity<String> create(HttpServletRequest request) {
    Submission submitted = orchestrator.submission(CreateRequestJson.workOrderRequest(body(request), defaultSandboxType,
        configured, request.getHeader(CreateRequestJson.IDEMPOTENCY_KEY)));
    WorkOrderId id = submitted.id();
    WorkOrder order = existing(id);
    return ResponseEntity.status(submitted.created() ? 201 : 200).location(URI.create("/agent-work-orders/" + id.value()))
        .contentType(MediaType.APPLICATION_JSON).body(WorkOrderJson.workOrder(order).toString());
  }

  @GetMapping("/{id}")
  public ResponseEntity<String> get(@PathVariable("id") String id,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    WorkOrder order = existing(PathIds.workOrder(id));
    StepHistory history = orchestrator.stepHistory(order.id());
    return conditional(ifNoneMatch, ETags.workOrder(order, history), () -> WorkOrderJson.workOrder(order));
  }

  @GetMapping("/{id}/steps")
  public ResponseEntity<String> steps(@PathVariable("id") String id,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    StepHistory history = orchestrator.stepHistory(existing(PathIds.workOrder(id)).id());
    return conditional(ifNoneMatch, ETags.steps(history), () -> WorkOrderJson.steps(history));
  }

  /**
   * A page of the work order's structured log.
   *
   * @param id the work order's id
   * @param limit entries per page, 1–1000 (default 100)
   * @param offset entries to skip (default 0)
   * @param level only entries of this level (debug, info, warning, error)
   * @param step only entries of this step
   * @return {@code {agent_work_order_id, log_entries, total, limit, offset}}
   */
  @GetMapping("/{id}/logs")
  public ResponseEntity<String> logs(@PathVariable("id") String id,
      @RequestParam(name = "limit", required = false) String limit,
      @RequestParam(name = "offset", required = false) String offset,
      @RequestParam(name = "level", required = false) String level,
      @RequestParam(name = "step", required = false) String step) {
    WorkOrderId workOrderId = existing(PathIds.workOrder(id)).id();
    LogQuery query = LogQuery.parse(limit, offset, level, step, null, null);
    return json(200, logs.page(workOrderId, orchestrator.stepHistory(workOrderId), query));
  }

  /**
   * The work order's log as server-sent events: the entries after {@code since} (or the {@code
   * Last-Event-ID} of a reconnecting client) that match {@code level} and {@code step}, then each new
   * one live, a {@code : keep-alive} comment while quiet, and an {@code end} event once the work
   * order has ended.
   *
   * @param id the work order's id
   * @param level only entries of this level
   * @param step only entries of this step
   * @param since the sequence to start after (default 0: from the first entry)
   * @param lastEventId sent by a reconnecting {@code EventSource}; {@code since} wins
   * @return the stream
   */
  @GetMapping(path = "/{id}/logs/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public SseEmitter logStream(@PathVariable("id") String id,
      @RequestParam(name = "level", required = false) String level,
      @RequestParam(name = "step", required = false) String step,
      @RequestParam(name = "since", required = false) String since,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
    WorkOrderId workOrderId = existing(PathIds.workOrder(id)).id();
    return logStreams.open(workOrderId, LogQuery.parse(null, null, level, step, since, lastEventId));
  }

  /**
   * The work order's git progress, read from git in its sandbox while that exists, else from what
   * was recorded; tagged for 304s like the other reads.
   *
   * @param id the work order's id
   * @param ifNoneMatch the client's tag, if any
   * @return the progress, or 304
   */
  @GetMapping("/{id}/git-progress")
  public ResponseEntity<String> gitProgress(@PathVariable("id") String id,
      @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    WorkOrder order = existing(PathIds.workOrder(id));
    StepHistory history = orchestrator.stepHistory(order.id());
    WorkOrderGitProgress.Reading reading = git.read(order);
    return conditional(ifNoneMatch, ETags.gitProgress(order, history, reading.state()),
        () -> WorkOrderJson.gitProgress(order.id(), reading.phase().name().toLowerCase(Locale.ROOT), reading.commits(),
            reading.filesChanged(), reading.latestCommitMessage(), reading.branch(), reading.source()));
  }

  /**
   * The human gates the work order waits at now.
   *
   * @param id the work order's id
   * @return {@code {"agent_work_order_id", "waiting_gates": [{"node", "message"}]}}
   */
  @GetMapping("/{id}/gates")
  public ResponseEntity<String> gates(@PathVariable("id") String id) {
    WorkOrderId workOrderId = existing(PathIds.workOrder(id)).id();
    return json(200, GateDecision.waiting(workOrderId, orchestrator.waitingGates(workOrderId)));
  }

  /**
   * Approves the gate waiting at {@code node}; the decision is saved before this answers.
   *
   * @param id the work order's id
   * @param request the request, whose body is {@code {"node": ..., "reason"?: ...}}
   * @return {@code {"agent_work_order_id", "node", "decision", "reason"}}
   */
  @PostMapping("/{id}/approve")
  public ResponseEntity<String> approve(@PathVariable("id") String id, HttpServletRequest request) {
    return decide(PathIds.workOrder(id), request, GateDecision::approval);
  }

  /**
   * Rejects the gate waiting at {@code node}; what follows is the gate's failure mode.
   *
   * @param id the work order's id
   * @param request the request, whose body is {@code {"node": ..., "reason": ...}}
   * @return {@code {"agent_work_order_id", "node", "decision", "reason"}}
   */
  @PostMapping("/{id}/reject")
  public ResponseEntity<String> reject(@PathVariable("id") String id, HttpServletRequest request) {
    return decide(PathIds.workOrder(id), request, GateDecision::rejection);
  }

  /** As the example host: 404 for an unknown id before the body is read, 202 with the decision. */
  private ResponseEntity<String> decide(WorkOrderId id, HttpServletRequest request,
      Function<byte[], GateDecision> parse) {
    existing(id);
    GateDecision decision = parse.apply(body(request));
    decision.applyTo(orchestrator, id);
    return json(202, decision.json(id));
  }

  @PostMapping("/{id}/prompt")
  public ResponseEntity<String> prompt(@PathVariable("id") String id, HttpServletRequest request) {
    WorkOrderId workOrderId = PathIds.workOrder(id);
    String text = CreateRequestJson.prompt(body(request));
    existing(workOrderId);
    StepResult result = orchestrator.prompt(workOrderId, text);
    ObjectNode answer = WorkOrderJson.object().put("agent_work_order_id", workOrderId.value());
    answer.set("step", WorkOrderJson.step(result));
    return json(200, answer);
  }

  @PostMapping("/{id}/cancel")
  public ResponseEntity<String> cancel(@PathVariable("id") String id) {
    WorkOrderId workOrderId = existing(PathIds.workOrder(id)).id();
    if (!orchestrator.cancel(workOrderId)) {
      return error(409, "Work order " + workOrderId + " has already ended; there is nothing to cancel", null);
    }
    return json(202, WorkOrderJson.object().put("agent_work_order_id", workOrderId.value())
        .put("cancelled", true));
  }

  /**
   * Streams the work order's events. Subscribes first and then sends the saved state as a {@code
   * snapshot} event, so that no save can fall between the two; a client applies later saves whose
   * {@code version} is above the snapshot's. The stream ends after the terminal status; for a work
   * order that has ended, after the snapshot, or with {@code follow_up=true} after the follow-up
   * prompt's saved result ({@link EventStreamQuery}).
   *
   * @param id the work order's id
   * @param followUp {@code true} to watch the follow-up prompt about to be sent to an ended work order
   * @return the stream: {@code snapshot}, then {@code step_started}, {@code agent_event}, {@code
   *     step_history_saved}, {@code status_changed}, {@code save_failed} as they happen
   * @throws IOException when the snapshot cannot be sent
   */
  @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  public SseEmitter events(@PathVariable("id") String id,
      @RequestParam(name = "follow_up", required = false) String followUp) throws IOException {
    WorkOrder order = existing(PathIds.workOrder(id));
    EventStreamQuery query = EventStreamQuery.parse(followUp);
    SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
    SseEventHub.Subscription subscription = hub.subscribe(order.id(), emitter);
    order = orchestrator.workOrder(order.id()).orElse(order);
    StepHistory history = orchestrator.stepHistory(order.id());
    ObjectNode snapshot = WorkOrderJson.steps(history);
    snapshot.put("event", "snapshot").put("version", history.version());
    snapshot.set("work_order", WorkOrderJson.workOrder(order));
    SseEventHub.send(emitter, "snapshot", JsonRedaction.redacted(snapshot).toString());
    if (query.staysOpen(order)) {
      subscription.open(query.endsAfterSave(order));
    } else {
      emitter.complete();
    }
    return emitter;
  }

  /** Ends the open log streams; Spring calls it when the context closes. */
  @Override
  public void close() {
    logStreams.close();
  }

  private WorkOrder existing(WorkOrderId id) {
    return orchestrator.workOrder(id).orElseThrow(() -> new UnknownWorkOrderException(id));
  }


  /**
   * A conditional GET, as the example host answers it: the {@code ETag} and {@code Cache-Control:
   * private, no-cache} on every answer, and a {@code 304} with no body (the body is never built) when
   * {@code If-None-Match} names the current tag.
   */
  private static ResponseEntity<String> conditional(String ifNoneMatch, String etag, Supplier<JsonNode> body) {
    if (ETags.matches(ifNoneMatch, etag)) {
      return ResponseEntity.status(304).eTag(etag).header(HttpHeaders.CACHE_CONTROL, ETags.CACHE_CONTROL).build();
    }
    return ResponseEntity.ok().eTag(etag).header(HttpHeaders.CACHE_CONTROL, ETags.CACHE_CONTROL)
        .contentType(MediaType.APPLICATION_JSON).body(JsonRedaction.redacted(body.get()).toString());
  }

}
