package dev.awo.examples.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awo.core.Submission;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkOrderStateException;
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
import dev.awo.http.JsonBodies;
import dev.awo.http.LivePage;
import dev.awo.http.LogQuery;
import dev.awo.http.PathIds;
import dev.awo.http.RepositoryApi;
import dev.awo.http.WorkOrderJson;
import dev.awo.http.WorkOrderLogBuffer;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of {@link WorkOrderHttpServer}: guards every request ({@link RequestGuard}), reads
 * bodies within the request-read timeout and the size cap without holding a thread, maps the
 * orchestrator's exceptions to statuses, and answers in the one JSON shape ({@link Responses}).
 * Thread-safe.
 */
final class WorkOrderRoutes extends Handler.Abstract {
  static final String PREFIX = "/agent-work-orders";
  static final String REPOSITORIES = "/repositories";
  private static final Logger LOG = LoggerFactory.getLogger(WorkOrderRoutes.class);

  private final WorkflowOrchestrator orchestrator;
  private final RequestGuard guard;
  private final RepositoryCheck repositories;
  private final ConnectionDeadlines deadlines;
  private final Duration requestReadTimeout;
  private final EventStreams streams;
  private final byte[] page;
  private final RepositoryApi configured;
  private final ConfiguredRepositoryRepository configuredStore;
  private final WorkOrderLogBuffer logs;
  private final WorkOrderGitProgress git = new WorkOrderGitProgress();

  WorkOrderRoutes(WorkflowOrchestrator orchestrator, RequestGuard guard, RepositoryCheck repositories,
      ConnectionDeadlines deadlines, Duration requestReadTimeout, EventStreams streams, byte[] page,
      RepositoryApi configured, ConfiguredRepositoryRepository configuredStore, WorkOrderLogBuffer logs) {
    this.configured = configured;
    this.configuredStore = configuredStore;
    this.logs = logs;
    this.orchestrator = orchestrator;
    this.guard = guard;
    this.repositories = repositories;
    this.deadlines = deadlines;
    this.requestReadTimeout = requestReadTimeout;
    this.streams = streams;
    this.page = page.clone();
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    Connection connection = request.getConnectionMetaData().getConnection();
    deadlines.requestStarted(connection);
    Callback done = Callback.from(callback, () -> deadlines.requestEnded(connection));
    answering(request, response, done, () -> route(request, response, done));
    return true;
  }

  private void route(Request request, Response response, Callback callback) {
    guard.checkAddressed(request);
    String method = request.getMethod();
    String path = Request.getPathInContext(request);
    if (path.equals("/") || path.equals("/index.html")) {
      allow(method, "GET");
      response.getHeaders().put("Content-Security-Policy", LivePage.CONTENT_SECURITY_POLICY);
      Responses.send(response, callback, 200, "text/html; charset=utf-8", page);
      return;
    }
    if (path.equals("/health")) {
      allow(method, "GET");
      Responses.json(response, callback, 200,
          WorkOrderJson.object().put("status", "ok").put("service", "awo-examples"));
      return;
    }
    if (path.equals("/workflows") || path.equals("/github/verify-repository") || path.equals(REPOSITORIES)
        || path.startsWith(REPOSITORIES + "/")) {
      guard.checkToken(request, false);
      if (method.equals("POST") || method.equals("PATCH")) {
        RequestGuard.checkJsonBody(request);
      }
      repositoryRoute(request, response, callback, method, path);
      return;
    }
    if (!path.equals(PREFIX) && !path.startsWith(PREFIX + "/")) {
      throw ApiProblem.notFound("No such endpoint: " + JsonBodies.excerpt(path));
    }
    String[] parts = path.equals(PREFIX) || path.equals(PREFIX + "/") ? new String[0]
        : path.substring(PREFIX.length() + 1).split("/", -1);
    String action = parts.length == 0 ? null : parts.length == 1 ? "" : parts.length == 2 ? parts[1]
        : parts.length == 3 && parts[1].equals("logs") && parts[2].equals("stream") ? "logs/stream" : "?";
    guard.checkToken(request, "events".equals(action) || "logs/stream".equals(action));
    if (method.equals("POST")) {
      RequestGuard.checkJsonBody(request);
    }
    if (action == null) {
      if (method.equals("POST")) {
        String key = request.getHeaders().get(CreateRequestJson.IDEMPOTENCY_KEY);
        withBody(request, response, callback, body -> create(response, callback, body, key));
      } else {
        allow(method, "GET");
        list(request, response, callback);
      }
      return;
    }
    WorkOrderId id = PathIds.workOrder(parts[0]);
    switch (action) {
      case "" -> {
        allow(method, "GET");
        WorkOrder order = existing(id);
        StepHistory history = orchestrator.stepHistory(id);
        Conditional.answer(request, response, callback, ETags.workOrder(order, history),
            () -> WorkOrderJson.workOrder(order));
      }
      case "steps" -> {
        allow(method, "GET");
        existing(id);
        StepHistory history = orchestrator.stepHistory(id);
        Conditional.answer(request, response, callback, ETags.steps(history), () -> WorkOrderJson.steps(history));
      }
      case "git-progress" -> {
        allow(method, "GET");
        WorkOrder order = existing(id);
        StepHistory history = orchestrator.stepHistory(id);
        WorkOrderGitProgress.Reading reading = git.read(order);
        Conditional.answer(request, response, callback, ETags.gitProgress(order, history, reading.state()),
            () -> WorkOrderJson.gitProgress(id, reading.phase().name().toLowerCase(Locale.ROOT), reading.commits(),
                reading.filesChanged(), reading.latestCommitMessage(), reading.branch(), reading.source()));
      }
      case "logs" -> {
        allow(method, "GET");
        existing(id);
        Responses.json(response, callback, 200, logs.page(id, orchestrator.stepHistory(id), logQuery(request)));
      }
      case "logs/stream" -> {
        allow(method, "GET");
        streams.logStream(response, callback, existing(id), logQuery(request));
      }
      case "events" -> {
        allow(method, "GET");
        streams.stream(response, callback, existing(id),
            EventStreamQuery.parse(RequestGuard.queryParameter(request, "follow_up")));
      }
      case "prompt" -> {
        allow(method, "POST");
        existing(id);
        withBody(request, response, callback, body -> prompt(response, callback, id, body));
      }
      case "cancel" -> {
        allow(method, "POST");
        withBody(request, response, callback, body -> cancel(response, callback, id));
      }
      case "gates" -> {
        allow(method, "GET");
        existing(id);
        Responses.json(response, callback, 200, GateDecision.waiting(id, orchestrator.waitingGates(id)));
      }
      case "approve", "reject" -> {
        allow(method, "POST");
        existing(id);
        boolean approve = action.equals("approve");
        withBody(request, response, callback, body -> decide(response, callback, id,
            approve ? GateDecision.approval(body) : GateDecision.rejection(body)));
      }
      default -> throw ApiProblem.notFound("No such endpoint: " + JsonBodies.excerpt(path));
    }
  }

  /** Hands a gate decision to the orchestrator (saved before this answers) and answers it with a 202. */
  private void decide(Response response, Callback callback, WorkOrderId id, GateDecision decision) {
    decision.applyTo(orchestrator, id);
    Responses.json(response, callback, 202, decision.json(id));
  }

  private void list(Request request, Response response, Callback callback) {
    String status = RequestGuard.queryParameter(request, "status");
    List<WorkOrder> orders;
    try {
      orders = status == null ? orchestrator.workOrders() : orchestrator.workOrders(WorkOrderStatus.fromWireName(status));
    } catch (InvalidInputException e) {
      throw ApiProblem.badRequest("status", e.getMessage());
    }
    Conditional.answer(request, response, callback, ETags.list(orders, status),
        () -> WorkOrderJson.workOrders(orders));
  }

  private void repositoryRoute(Request request, Response response, Callback callback, String method, String path) {
    if (path.equals("/workflows")) {
      allow(method, "GET");
      Responses.json(response, callback, 200, WorkOrderJson.workflows(orchestrator.workflowNames()));
    } else if (path.equals("/github/verify-repository")) {
      allow(method, "POST");
      withBody(request, response, callback, body -> Responses.json(response, callback, 200, configured.verify(body)));
    } else if (path.equals(REPOSITORIES) || path.equals(REPOSITORIES + "/")) {
      if (method.equals("POST")) {
        withBody(request, response, callback, body -> Responses.json(response, callback, 201, configured.create(body)));
      } else {
        allow(method, "GET");
        Responses.json(response, callback, 200, configured.list());
      }
    } else {
      String[] parts = path.substring(REPOSITORIES.length() + 1).split("/", -1);
      String id = parts[0];
      if (parts.length == 2 && parts[1].equals("verify")) {
        allow(method, "POST");
        withBody(request, response, callback, body -> Responses.json(response, callback, 200, configured.reverify(id)));
      } else if (parts.length != 1) {
        throw ApiProblem.notFound("No such endpoint: " + JsonBodies.excerpt(path));
      } else if (method.equals("PATCH")) {
        withBody(request, response, callback, body -> Responses.json(response, callback, 200, configured.patch(id, body)));
      } else if (method.equals("DELETE")) {
        configured.delete(id);
        Responses.send(response, callback, 204, "application/json; charset=utf-8", new byte[0]);
      } else {
        allow(method, "GET");
        Responses.json(response, callback, 200, configured.get(id));
      }
    }
  }

  /**
   * POST /agent-work-orders: 201 with a new work order; with an {@code Idempotency-Key} header
   * already used for the same request, 200 with the work order first created for it (nothing new
   * starts); 409 when the key was used for a different request; 400 for a malformed key.
   */
  private void create(Response response, Callback callback, byte[] body, String idempotencyKey) {
    WorkOrderRequest request = CreateRequestJson.workOrderRequest(body, SandboxType.GIT_BRANCH, configuredStore,
        idempotencyKey);
    repositories.problem(request.repositoryUrl()).ifPresent(problem -> {
      throw ApiProblem.badRequest("repository_url", problem);
    });
    Submission submitted = orchestrator.submission(request);
    WorkOrderId id = submitted.id();
    response.getHeaders().put(HttpHeader.LOCATION, PREFIX + "/" + id.value());
    Responses.json(response, callback, submitted.created() ? 201 : 200, WorkOrderJson.workOrder(existing(id)));
  }

  private void prompt(Response response, Callback callback, WorkOrderId id, byte[] body) {
    String text = CreateRequestJson.prompt(body);
    StepResult result = orchestrator.prompt(id, text);
    ObjectNode answer = WorkOrderJson.object().put("agent_work_order_id", id.value());
    answer.set("step", WorkOrderJson.step(result));
    Responses.json(response, callback, 200, answer);
  }

  private void cancel(Response response, Callback callback, WorkOrderId id) {
    existing(id);
    if (!orchestrator.cancel(id)) {
      throw new ApiProblem(409, "Work order " + id + " has already ended; there is nothing to cancel", null);
    }
    Responses.json(response, callback, 202, WorkOrderJson.object()
        .put("agent_work_order_id", id.value()).put("cancelled", true));
  }

  /**
   * Reads the whole body (capped by the {@code SizeLimitHandler} around these routes) within the
   * request-read timeout, then runs {@code then}. No thread waits for a slow body: the read
   * completes asynchronously, and a body still incomplete at the deadline gets a 408 and a closed
   * connection.
   */
  private void withBody(Request request, Response response, Callback callback, Consumer<byte[]> then) {
    Content.Source.asByteArrayAsync(request, Integer.MAX_VALUE)
        .orTimeout(requestReadTimeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((body, failure) -> {
          if (failure == null) {
            answering(request, response, callback, () -> then.accept(body));
          } else {
            bodyFailed(response, callback, failure);
          }
        });
  }

  private void bodyFailed(Response response, Callback callback, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    if (cause instanceof TimeoutException) {
      Responses.problem(response, callback, 408, "The request body did not arrive within "
          + requestReadTimeout.toMillis() + " ms", "body");
    } else if (cause instanceof HttpException http && http.getCode() == 413) {
      Responses.problem(response, callback, 413, "The request body is larger than the server accepts", "body");
    } else {
      Responses.problem(response, callback, 400, "The request body could not be read", "body");
    }
  }

  /** Runs {@code action}, answering its exception (if any) in the JSON error shape. */
  private void answering(Request request, Response response, Callback callback, Runnable action) {
    try {
      action.run();
    } catch (ApiProblem p) {
      if (p.status() == 401) {
        response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"awo\"");
      }
      Responses.problem(response, callback, p.status(), p.getMessage(), p.field());
    } catch (UnknownWorkOrderException e) {
      Responses.problem(response, callback, 404, e.getMessage(), null);
    } catch (InvalidInputException e) {
      Responses.problem(response, callback, 400, e.getMessage(), JsonBodies.snakeCase(e.field()));
    } catch (WorkOrderStateException e) {
      Responses.problem(response, callback, 409, e.getMessage(), null);
    } catch (RuntimeException e) {
      LOG.atError().setMessage("http_request_failed").addKeyValue("path", JsonBodies.excerpt(request.getHttpURI().getPath()))
          .setCause(e).log();
      if (response.isCommitted()) {
        callback.failed(e);
      } else {
        Responses.problem(response, callback, 500, "Internal error: " + e.getClass().getSimpleName(), null);
      }
    }
  }

  /** The {@code /logs} query: its parameters and a reconnecting stream's {@code Last-Event-ID}. */
  private static LogQuery logQuery(Request request) {
    return LogQuery.parse(RequestGuard.queryParameter(request, "limit"), RequestGuard.queryParameter(request, "offset"),
        RequestGuard.queryParameter(request, "level"), RequestGuard.queryParameter(request, "step"),
        RequestGuard.queryParameter(request, "since"), request.getHeaders().get("Last-Event-ID"));
  }

  private WorkOrder existing(WorkOrderId id) {
    return orchestrator.workOrder(id).orElseThrow(() -> new UnknownWorkOrderException(id));
  }


  private static void allow(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new ApiProblem(405, "Method " + JsonBodies.excerpt(method) + " is not allowed here; use " + allowed, null);
    }
  }

}
