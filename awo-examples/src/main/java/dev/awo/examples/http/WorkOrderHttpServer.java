package dev.awo.examples.http;

import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.memory.InMemoryConfiguredRepositories;
import dev.awo.domain.AwoException;
import dev.awo.domain.InvalidInputException;
import dev.awo.http.LivePage;
import dev.awo.http.RepositoryApi;
import dev.awo.http.WorkOrderLogBuffer;
import dev.awo.spi.github.RepositoryVerifier;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live endpoints of a {@link WorkflowOrchestrator} on Jetty 12 (core handlers, no servlets),
 * bound to 127.0.0.1:
 *
 * <pre>
 * GET  /                                  one self-contained HTML page: work orders, steps appearing live
 * GET  /health                            {"status": "ok", "service": "awo-examples"}
 * GET  /agent-work-orders[?status=...]    every work order, oldest first
 * POST /agent-work-orders                 create: {"repository_url", "user_request", "issue_number"?, "sandbox_type"?, "workflow"?}
 * GET  /agent-work-orders/{id}            one work order
 * GET  /agent-work-orders/{id}/steps      {"agent_work_order_id", "steps": [{"step", "agent_name", "success", "output",
 *                                          "error_message", "duration_seconds", "session_id", "timestamp"}]}
 * GET  /agent-work-orders/{id}/events     server-sent events: a snapshot, then every step start, save and status change
 * POST /agent-work-orders/{id}/prompt     {"prompt": ...}: a follow-up prompt; answers when it has run
 * POST /agent-work-orders/{id}/cancel     cancels a running work order
 * GET  /agent-work-orders/{id}/git-progress {"agent_work_order_id", "current_phase", "git_commit_count",
 *                                          "git_files_changed", "latest_commit_message", "git_branch_name"}
 * GET  /agent-work-orders/{id}/logs       ?limit=&offset=&level=&step=: {"agent_work_order_id", "log_entries", "total", "limit", "offset"}
 * GET  /agent-work-orders/{id}/logs/stream ?level=&step=&since=: server-sent log entries, then live
 * GET  /workflows                         {"workflows": [...], "sandbox_types": [...]}
 * POST /github/verify-repository          {"repository_url"} → {"is_accessible", "repository_owner", ...}
 * GET|POST /repositories, GET|PATCH|DELETE /repositories/{id}, POST /repositories/{id}/verify
 * </pre>
 *
 * <p>Every GET of a work order, the list, the steps and the git progress carries an {@code ETag}
 * and answers {@code 304} to a matching {@code If-None-Match}.
 *
 * <pre>
 * </pre>
 *
 * <p><b>Only the operator drives it.</b> Every {@code /agent-work-orders} call needs the {@link
 * AccessToken} ({@code Authorization: Bearer …}; the event stream also takes {@code ?token=…});
 * {@code Host} must be this server's loopback address, an {@code Origin} its own origin, and a
 * POST {@code Content-Type: application/json}. <b>Bounded</b>: a request head and body must arrive
 * within the request-read timeout, a silent connection is closed after the idle timeout, and
 * connections, header and body sizes are capped. Every error, Jetty's own included, is {@code
 * {"error": message, "field": name-or-null}}; a bad request creates nothing.
 *
 * <pre>{@code
 * EventHub hub = new EventHub();   // also given to the orchestrator as a listener
 * try (WorkOrderHttpServer server = WorkOrderHttpServer.builder(orchestrator, hub).port(8080).start()) {
 *   System.out.println(server.tokenUri());   // http://127.0.0.1:8080/?token=...
 * }
 * }</pre>
 *
 * <p>This class is thread-safe.
 */
public final class WorkOrderHttpServer implements AutoCloseable {
  /** Event streams served at once. */
  public static final int MAX_EVENT_STREAMS = 32;

  private static final Logger LOG = LoggerFactory.getLogger(WorkOrderHttpServer.class);

  private final Server server;
  private final ServerConnector connector;
  private final EventHub hub;
  private final AccessToken token;

  private WorkOrderHttpServer(Server server, ServerConnector connector, EventHub hub, AccessToken token) {
    this.server = server;
    this.connector = connector;
    this.hub = hub;
    this.token = token;
  }

  /**
   * A builder for a server over {@code orchestrator}. {@code hub} must also be a listener of
   * {@code orchestrator}, or the event streams stay quiet.
   */
  public static Builder builder(WorkflowOrchestrator orchestrator, EventHub hub) {
    return new Builder(orchestrator, hub);
  }

  /** The port it listens on. */
  public int port() {
    return connector.getLocalPort();
  }

  /** {@code http://127.0.0.1:<port>/}. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + port() + "/");
  }

  /** {@code http://127.0.0.1:<port>/?token=<token>}: the URL to open the page with. Keep it secret. */
  public URI tokenUri() {
    return URI.create(uri() + "?token=" + token.value());
  }

  /** The token every API call must present. */
  public AccessToken accessToken() {
    return token;
  }

  /** Ends the event streams and stops the server. */
  @Override
  public void close() {
    hub.closeAll();
    try {
      server.stop();
    } catch (Exception e) {
      LOG.atWarn().setMessage("http_server_stop_failed").addKeyValue("error", e.getMessage()).log();
    }
  }

  /**
   * Configures and starts a {@link WorkOrderHttpServer}. Each setter validates its argument at
   * once. Not thread-safe; the server it starts is.
   */
  public static final class Builder {
    private final WorkflowOrchestrator orchestrator;
    private final EventHub hub;
    private int port = 0;
    private AccessToken token;
    private RepositoryCheck repositories = RepositoryCheck.ACCEPT_ALL;
    private Duration requestReadTimeout = Duration.ofSeconds(10);
    private Duration idleTimeout = Duration.ofSeconds(30);
    private int maxConnections = 256;
    private int maxBodyBytes = 1 << 20;
    private int maxHeaderBytes = 16 << 10;
    private RepositoryVerifier verifier;
    private ConfiguredRepositoryRepository configured = new InMemoryConfiguredRepositories();
    private WorkOrderLogBuffer logs = new WorkOrderLogBuffer();
    private Clock clock = Clock.systemUTC();

    private Builder(WorkflowOrchestrator orchestrator, EventHub hub) {
      this.orchestrator = Objects.requireNonNull(orchestrator, "orchestrator");
      this.hub = Objects.requireNonNull(hub, "hub");
    }

    /** The port on 127.0.0.1; {@code 0} (the default) picks a free one (see {@link #port()}). */
    public Builder port(int port) {
      if (port < 0 || port > 65_535) {
        throw new InvalidInputException("port", "must be between 0 and 65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /** The access token; default a new {@link AccessToken#random()} per start. */
    public Builder accessToken(AccessToken token) {
      this.token = Objects.requireNonNull(token, "token");
      return this;
    }

    /** Refuses unusable repositories before anything is stored; default {@link RepositoryCheck#ACCEPT_ALL}. */
    public Builder repositoryCheck(RepositoryCheck check) {
      this.repositories = Objects.requireNonNull(check, "check");
      return this;
    }

    /**
     * Answers {@code POST /github/verify-repository} and verifies configured repositories; without
     * one those answer 503.
     */
    public Builder repositoryVerifier(RepositoryVerifier verifier) {
      this.verifier = Objects.requireNonNull(verifier, "verifier");
      return this;
    }

    /** Where configured repositories are stored; default {@link InMemoryConfiguredRepositories}. */
    public Builder configuredRepositories(ConfiguredRepositoryRepository repositories) {
      this.configured = Objects.requireNonNull(repositories, "repositories");
      return this;
    }

    /**
     * The structured logs served at {@code /logs}; it must also be a listener of the orchestrator.
     * Default a new, unattached one: logs then hold only what the step history gives.
     */
    public Builder logs(WorkOrderLogBuffer logs) {
      this.logs = Objects.requireNonNull(logs, "logs");
      return this;
    }

    /** The clock stamping configured repositories; default UTC. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** How long a request's head, and then its body, may take to arrive; default 10 s. */
    public Builder requestReadTimeout(Duration timeout) {
      this.requestReadTimeout = positive("requestReadTimeout", timeout);
      return this;
    }

    /** How long a connection may stay silent (also while a response is written); default 30 s. */
    public Builder idleTimeout(Duration timeout) {
      this.idleTimeout = positive("idleTimeout", timeout);
      return this;
    }

    /** Connections open at once; more wait in the accept queue. Default 256. */
    public Builder maxConnections(int max) {
      this.maxConnections = atLeast("maxConnections", max, 2);
      return this;
    }

    /** The largest request body, answered 413 beyond; default 1 MiB. */
    public Builder maxBodyBytes(int max) {
      this.maxBodyBytes = atLeast("maxBodyBytes", max, 1024);
      return this;
    }

    /** The largest request head (request line and headers), answered 431 beyond; default 16 KiB. */
    public Builder maxHeaderBytes(int max) {
      this.maxHeaderBytes = atLeast("maxHeaderBytes", max, 1024);
      return this;
    }

    /** Starts serving. */
    public WorkOrderHttpServer start() {
      AccessToken accessToken = token != null ? token : AccessToken.random();
      QueuedThreadPool threads = new QueuedThreadPool(MAX_EVENT_STREAMS + 48, 4);
      threads.setName("awo-http");
      threads.setDaemon(true);
      Server server = new Server(threads);
      HttpConfiguration http = new HttpConfiguration();
      http.setRequestHeaderSize(maxHeaderBytes);
      http.setSendServerVersion(false);
      http.setSendXPoweredBy(false);
      http.setHttpCompliance(HttpCompliance.RFC9110);
      http.setUriCompliance(UriCompliance.DEFAULT);
      ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
      connector.setHost("127.0.0.1");
      connector.setPort(port);
      connector.setIdleTimeout(idleTimeout.toMillis());
      connector.setAcceptQueueSize(64);
      server.addConnector(connector);
      server.addBean(new NetworkConnectionLimit(maxConnections, connector));
      server.setErrorHandler(new JsonErrorHandler());
      ConnectionDeadlines deadlines = new ConnectionDeadlines(server.getScheduler(), requestReadTimeout);
      connector.addEventListener(deadlines);
      Duration keepAlive = idleTimeout.dividedBy(2).compareTo(Duration.ofSeconds(15)) < 0
          ? idleTimeout.dividedBy(2) : Duration.ofSeconds(15);
      WorkOrderRoutes routes = new WorkOrderRoutes(orchestrator, new RequestGuard(accessToken), repositories,
          deadlines, requestReadTimeout, new EventStreams(orchestrator, hub, logs, MAX_EVENT_STREAMS, keepAlive), loadPage(),
          new RepositoryApi(verifier, configured, orchestrator::workflowNames, clock), configured, logs);
      SizeLimitHandler limits = new SizeLimitHandler(maxBodyBytes, -1);
      limits.setHandler(routes);
      server.setHandler(limits);
      try {
        server.start();
      } catch (Exception e) {
        stopQuietly(server);
        throw new AwoException("Could not listen on 127.0.0.1:" + port + ": " + e.getMessage() + "; pick another port", e);
      }
      WorkOrderHttpServer started = new WorkOrderHttpServer(server, connector, hub, accessToken);
      LOG.atInfo().setMessage("http_server_started").addKeyValue("port", started.port()).log();
      return started;
    }

    private static Duration positive(String name, Duration value) {
      if (value == null || value.isNegative() || value.isZero()) {
        throw new InvalidInputException(name, "must be a positive duration, got " + value);
      }
      return value;
    }

    private static int atLeast(String name, int value, int min) {
      if (value < min) {
        throw new InvalidInputException(name, "must be at least " + min + ", got " + value);
      }
      return value;
    }

    private static void stopQuietly(Server server) {
      try {
        server.stop();
      } catch (Exception ignored) {
        // already failing; the first error is the one reported
      }
    }

    private static byte[] loadPage() {
      return LivePage.html();
    }
  }
}
