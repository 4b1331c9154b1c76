package dev.awo.examples.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.awo.core.WorkOrderStateException;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.AwoException;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.UnknownWorkOrderException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.examples.json.WorkOrderJson;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live endpoints of a {@link WorkflowOrchestrator} on the JDK's HTTP server, bound to
 * 127.0.0.1:
 *
 * <pre>
 * GET  /                                  one self-contained HTML page: work orders, steps appearing live
 * GET  /health                            {"status": "ok", ...}
 * GET  /agent-work-orders[?status=...]    every work order, oldest first
 * POST /agent-work-orders                 create: {"repository_url", "user_request", "issue_number"?, "sandbox_type"?, "workflow"?}
 * GET  /agent-work-orders/{id}            one work order
 * GET  /agent-work-orders/{id}/steps      {"agent_work_order_id", "steps": [{"step", "agent_name", "success", "output",
 *                                          "error_message", "duration_seconds", "session_id", "timestamp"}]}
 * GET  /agent-work-orders/{id}/events     server-sent events: a snapshot, then every step start, save and status change
 * POST /agent-work-orders/{id}/prompt     {"prompt": ...}: a follow-up prompt; answers when it has run
 * POST /agent-work-orders/{id}/cancel     cancels a running work order
 * </pre>
 *
 * <p>An unknown id is a 404, a malformed body or an invalid field a 400 naming the field; a bad
 * request creates nothing. Errors are {@code {"error": message, "field": name-or-null}}. The step
 * list is read from the step history repository at each request, so pollers see every save the
 * moment it returns, and never a torn history.
 *
 * <pre>{@code
 * EventHub hub = new EventHub();   // also given to the orchestrator as a listener
 * try (WorkOrderHttpServer server = WorkOrderHttpServer.start(orchestrator, hub, 8080)) { ... }
 * }</pre>
 *
 * <p>At most {@value #MAX_EVENT_STREAMS} event streams are served at once (each holds a thread);
 * more get a 503. This class is thread-safe.
 */
public final class WorkOrderHttpServer implements AutoCloseable {
  /** Event streams served at once. */
  public static final int MAX_EVENT_STREAMS = 32;

  private static final Logger LOG = LoggerFactory.getLogger(WorkOrderHttpServer.class);
  private static final String PREFIX = "/agent-work-orders";
  private static final int MAX_BODY_BYTES = 4 << 20;
  private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

  private final WorkflowOrchestrator orchestrator;
  private final EventHub hub;
  private final HttpServer server;
  private final ExecutorService threads;
  private final AtomicInteger streams = new AtomicInteger();
  private final byte[] page;

  private WorkOrderHttpServer(WorkflowOrchestrator orchestrator, EventHub hub, HttpServer server) {
    this.orchestrator = orchestrator;
    this.hub = hub;
    this.server = server;
    this.page = loadPage();
    AtomicInteger n = new AtomicInteger();
    this.threads = new ThreadPoolExecutor(4, MAX_EVENT_STREAMS + 16, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
        r -> {
          Thread t = new Thread(r, "awo-http-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    server.setExecutor(threads);
    server.createContext("/", this::handle);
  }

  /**
   * Starts serving on 127.0.0.1:{@code port} ({@code 0} picks a free port; see {@link #port()}).
   * {@code hub} must also be a listener of {@code orchestrator}, or the event streams stay quiet.
   */
  public static WorkOrderHttpServer start(WorkflowOrchestrator orchestrator, EventHub hub, int port) {
    Objects.requireNonNull(orchestrator, "orchestrator");
    Objects.requireNonNull(hub, "hub");
    if (port < 0 || port > 65_535) {
      throw new InvalidInputException("port", "must be between 0 and 65535, got " + port);
    }
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
      WorkOrderHttpServer endpoints = new WorkOrderHttpServer(orchestrator, hub, server);
      server.start();
      LOG.atInfo().setMessage("http_server_started").addKeyValue("port", endpoints.port()).log();
      return endpoints;
    } catch (IOException e) {
      throw new AwoException("Could not listen on 127.0.0.1:" + port + ": " + e.getMessage()
          + "; pick another port", e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:<port>/}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port() + "/");
  }

  /** Ends the event streams and stops the server. */
  @Override
  public void close() {
    hub.closeAll();
    server.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      try {
        route(exchange);
      } catch (HttpProblem p) {
        sendError(exchange, p.status(), p.getMessage(), p.field());
      } catch (UnknownWorkOrderException e) {
        sendError(exchange, 404, e.getMessage(), null);
      } catch (InvalidInputException e) {
        sendError(exchange, 400, e.getMessage(), CreateRequestJson.snakeCase(e.field()));
      } catch (WorkOrderStateException e) {
        sendError(exchange, 409, e.getMessage(), null);
      } catch (UncheckedIOException e) {
        LOG.atDebug().setMessage("http_client_gone").addKeyValue("error", e.getMessage()).log();
      } catch (RuntimeException e) {
        LOG.atError().setMessage("http_request_failed").addKeyValue("path", exchange.getRequestURI().getPath())
            .setCause(e).log();
        sendError(exchange, 500, "Internal error: " + e.getClass().getSimpleName(), null);
      }
    } catch (UncheckedIOException e) {
      // the client went away while we answered
    }
  }

  private void route(HttpExchange exchange) {
    String method = exchange.getRequestMethod();
    String path = exchange.getRequestURI().getPath();
    if (path.equals("/") || path.equals("/index.html")) {
      allow(method, "GET");
      send(exchange, 200, "text/html; charset=utf-8", page);
    } else if (path.equals("/health")) {
      allow(method, "GET");
      sendJson(exchange, 200, WorkOrderJson.MAPPER.createObjectNode().put("status", "ok").put("service", "awo-examples")
          .put("work_orders", orchestrator.workOrders().size()));
    } else if (path.equals(PREFIX) || path.equals(PREFIX + "/")) {
      if (method.equals("POST")) {
        create(exchange);
      } else {
        allow(method, "GET");
        list(exchange);
      }
    } else if (path.startsWith(PREFIX + "/")) {
      String[] parts = path.substring(PREFIX.length() + 1).split("/", -1);
      WorkOrderId id = workOrderId(parts[0]);
      String action = parts.length == 1 ? "" : parts.length == 2 ? parts[1] : null;
      if (action == null) {
        throw HttpProblem.notFound("No such endpoint: " + path);
      }
      switch (action) {
        case "" -> {
          allow(method, "GET");
          sendJson(exchange, 200, WorkOrderJson.workOrder(existing(id)));
        }
        case "steps" -> {
          allow(method, "GET");
          sendJson(exchange, 200, WorkOrderJson.steps(orchestrator.stepHistory(id)));
        }
        case "events" -> {
          allow(method, "GET");
          events(exchange, id);
        }
        case "prompt" -> {
          allow(method, "POST");
          prompt(exchange, id);
        }
        case "cancel" -> {
          allow(method, "POST");
          cancel(exchange, id);
        }
        default -> throw HttpProblem.notFound("No such endpoint: " + path);
      }
    } else {
      throw HttpProblem.notFound("No such endpoint: " + path);
    }
  }

  private void list(HttpExchange exchange) {
    String status = queryParameter(exchange, "status");
    List<WorkOrder> orders;
    if (status == null) {
      orders = orchestrator.workOrders();
    } else {
      try {
        orders = orchestrator.workOrders(WorkOrderStatus.fromWireName(status));
      } catch (InvalidInputException e) {
        throw HttpProblem.badRequest("status", e.getMessage());
      }
    }
    sendJson(exchange, 200, WorkOrderJson.workOrders(orders));
  }

  private void create(HttpExchange exchange) {
    WorkOrderId id = orchestrator.submit(CreateRequestJson.workOrderRequest(body(exchange)));
    exchange.getResponseHeaders().set("Location", PREFIX + "/" + id.value());
    WorkOrder order = orchestrator.workOrder(id).orElseThrow(() -> new UnknownWorkOrderException(id));
    sendJson(exchange, 201, WorkOrderJson.workOrder(order));
  }

  private void prompt(HttpExchange exchange, WorkOrderId id) {
    String text = CreateRequestJson.prompt(body(exchange));
    existing(id);
    StepResult result = orchestrator.prompt(id, text);
    ObjectNode answer = WorkOrderJson.MAPPER.createObjectNode().put("agent_work_order_id", id.value());
    answer.set("step", WorkOrderJson.step(result));
    sendJson(exchange, 200, answer);
  }

  private void cancel(HttpExchange exchange, WorkOrderId id) {
    existing(id);
    if (!orchestrator.cancel(id)) {
      sendError(exchange, 409, "Work order " + id + " has already ended; there is nothing to cancel", null);
      return;
    }
    sendJson(exchange, 202, WorkOrderJson.MAPPER.createObjectNode().put("agent_work_order_id", id.value())
        .put("cancelled", true));
  }

  /**
   * Streams {@code id}'s events. Subscribes first and then sends the saved state as a {@code
   * snapshot} event, so that no save can fall between the two; a client applies later saves whose
   * {@code version} is above the snapshot's.
   */
  private void events(HttpExchange exchange, WorkOrderId id) {
    WorkOrder order = existing(id);
    if (streams.incrementAndGet() > MAX_EVENT_STREAMS) {
      streams.decrementAndGet();
      sendError(exchange, 503, "Too many event streams are open; try again later", null);
      return;
    }
    try (EventHub.Subscription subscription = hub.subscribe(id)) {
      exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-cache");
      exchange.sendResponseHeaders(200, 0);
      OutputStream out = exchange.getResponseBody();
      order = orchestrator.workOrder(id).orElse(order);
      StepHistory history = orchestrator.stepHistory(id);
      ObjectNode snapshot = WorkOrderJson.steps(history);
      snapshot.put("event", "snapshot").put("version", history.version());
      snapshot.set("work_order", WorkOrderJson.workOrder(order));
      writeEvent(out, "snapshot", snapshot.toString());
      if (order.status().isTerminal()) {
        return;
      }
      while (true) {
        EventHub.Frame frame = subscription.next(KEEP_ALIVE);
        if (frame == null) {
          out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
          out.flush();
        } else if (frame.name().equals("closed")) {
          if (subscription.overflowed()) {
            writeEvent(out, "overflow", "{\"error\": \"this client fell behind and was disconnected; "
                + "reconnect to start again from a snapshot\"}");
          }
          return;
        } else {
          writeEvent(out, frame.name(), frame.json());
          if (frame.terminal()) {
            return;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      streams.decrementAndGet();
    }
  }

  private static void writeEvent(OutputStream out, String name, String json) throws IOException {
    out.write(("event: " + name + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private WorkOrder existing(WorkOrderId id) {
    return orchestrator.workOrder(id).orElseThrow(() -> new UnknownWorkOrderException(id));
  }

  private static WorkOrderId workOrderId(String text) {
    try {
      return WorkOrderId.of(URLDecoder.decode(text, StandardCharsets.UTF_8));
    } catch (InvalidInputException | IllegalArgumentException e) {
      throw HttpProblem.notFound("No work order with id '" + excerpt(text) + "' exists (ids look like wo-1a2b3c4d)");
    }
  }

  private static void allow(String method, String allowed) {
    if (!method.equals(allowed)) {
      throw new HttpProblem(405, "Method " + method + " is not allowed here; use " + allowed, null);
    }
  }

  private static byte[] body(HttpExchange exchange) {
    try (InputStream in = exchange.getRequestBody()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw new HttpProblem(413, "The body is larger than " + MAX_BODY_BYTES + " bytes", "body");
      }
      return body;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String queryParameter(HttpExchange exchange, String name) {
    String query = exchange.getRequestURI().getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static void sendError(HttpExchange exchange, int status, String message, String field) {
    sendJson(exchange, status, WorkOrderJson.MAPPER.createObjectNode().put("error", message).put("field", field));
  }

  private static void sendJson(HttpExchange exchange, int status, JsonNode json) {
    send(exchange, status, "application/json; charset=utf-8", json.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String contentType, byte[] body) {
    try {
      exchange.getResponseHeaders().set("Content-Type", contentType);
      exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        exchange.getResponseBody().write(body);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String excerpt(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  private static byte[] loadPage() {
    try (InputStream in = WorkOrderHttpServer.class.getResourceAsStream("index.html")) {
      if (in == null) {
        throw new IllegalStateException("index.html is missing from the class path next to WorkOrderHttpServer");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
