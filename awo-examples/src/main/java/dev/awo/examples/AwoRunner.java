package dev.awo.examples;

import dev.awo.core.RecoveryReport;
import dev.awo.core.SandboxRetention;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.WorkflowOrchestratorBuilder;
import dev.awo.core.memory.InMemoryStepHistoryRepository;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.core.workflow.InvalidWorkflowException;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.core.workflow.WorkflowJson;
import dev.awo.domain.AwoException;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.examples.demo.DemoAgentExecutor;
import dev.awo.examples.demo.DemoRepository;
import dev.awo.examples.http.AccessToken;
import dev.awo.examples.http.EventHub;
import dev.awo.examples.http.RepositoryCheck;
import dev.awo.core.memory.InMemoryConfiguredRepositories;
import dev.awo.examples.http.WorkOrderHttpServer;
import dev.awo.http.WorkOrderLogBuffer;
import dev.awo.github.GhCli;
import dev.awo.examples.jdbc.JdbcStore;
import dev.awo.git.GitSandboxFactory;
import dev.awo.spi.persistence.ConfiguredRepositoryRepository;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.spi.process.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/**
 * The example runner: runs one agent work order through the seven-step workflow and shows every
 * step the moment its result is saved, then a summary. With no arguments it works on an embedded
 * default — a demo repository with a local bare "remote" in a temporary directory, and the {@link
 * DemoAgentExecutor} — so it runs on any machine with Java and git.
 *
 * <pre>
 * java -jar awo-examples/target/awo-examples.jar                 # the embedded default
 * java -jar awo-examples.jar --agent claude --repo https://github.com/you/repo --issue 12 --serve 8080
 * </pre>
 *
 * <p>While the work order waits at a human gate (a {@code --workflow} with {@code human_gate}
 * nodes), the runner shows each waiting gate's message and, on a terminal, reads a decision from
 * standard input, one line: {@code a [gate]} approves, {@code r [gate] reason} rejects, {@code c}
 * cancels (see {@link GatePrompt}). Without a terminal the gates are decided over HTTP ({@code --serve}).
 *
 * <p>Exit status: 0 when the work order completed, 1 when it failed or was cancelled (or the run
 * could not start), 2 for a bad command line. Errors are one line on standard error, never a stack
 * trace. {@link #run(String[], PrintStream, PrintStream)} does everything but {@code System.exit},
 * for tests and for hosts that embed the runner.
 */
public final class AwoRunner {
  private static final String PREFIX = "awo: ";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AwoRunner.class);

  private final RunnerWiring.Adapters adapters;
  private final CountDownLatch stopServing;
  private final InputStream in;

  AwoRunner(RunnerWiring.Adapters adapters, CountDownLatch stopServing) {
    this(adapters, stopServing, System.in);
  }

  AwoRunner(RunnerWiring.Adapters adapters, CountDownLatch stopServing, InputStream in) {
    this.adapters = adapters;
    this.stopServing = stopServing;
    this.in = in;
  }

  /** Runs the command line {@code args} as a program and exits with its status (see the class comment). */
  public static void main(String[] args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    DependencyOutput.install(); // from here on only the runner's own lines reach the terminal
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch cleanedUp = new CountDownLatch(1);
    // Ctrl-C while serving: stop serving and let execute() close the server, the orchestrator (which
    // cleans up kept sandboxes) and the store before the JVM goes
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stop.countDown();
      try {
        cleanedUp.await(30, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "awo-runner-shutdown"));
    int code;
    try {
      code = new AwoRunner(null, stop).execute(args, out, err, System.console() != null);
    } finally {
      cleanedUp.countDown();
    }
    System.exit(code);
  }

  /** Runs the command line {@code args}; returns the exit status instead of exiting. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    return new AwoRunner(null, new CountDownLatch(0)).execute(args, out, err, false);
  }

  /**
   * Runs {@code args} with these adapter settings instead of the environment's; with {@code
   * --serve}, keeps serving after the run until {@code stopServing} is counted down. For tests and
   * for hosts that embed the runner.
   */
  public static int run(
      String[] args, PrintStream out, PrintStream err, RunnerWiring.Adapters adapters, CountDownLatch stopServing) {
    return new AwoRunner(adapters, stopServing).execute(args, out, err, false);
  }

  /**
   * Takes up what an earlier run on the same store left unfinished (a crash, a kill): the ids that
   * go on running, which the runner waits for before it closes.
   */
  private static List<WorkOrderId> recover(WorkflowOrchestrator orchestrator, PrintStream info) {
    RecoveryReport report = orchestrator.recover();
    if (!report.all().isEmpty()) {
      info.println(PREFIX + "took up " + report.all().size() + " unfinished work order(s) of an earlier run: "
          + report.resumed().size() + " resumed, " + report.started().size() + " started, " + report.parked().size()
          + " waiting at a gate, " + report.failed().size() + " failed (their work was lost)");
    }
    List<WorkOrderId> going = new ArrayList<>(report.resumed());
    going.addAll(report.started());
    going.addAll(report.failed());
    return going;
  }

  private static void awaitRecovered(WorkflowOrchestrator orchestrator, List<WorkOrderId> ids, PrintStream info) {
    for (WorkOrderId id : ids) {
      try {
        WorkOrder ended = orchestrator.completion(id).get();
        info.println(PREFIX + "recovered " + id + " ended " + ended.status().wireName()
            + (ended.errorMessage() == null ? "" : ": " + oneLine(ended.errorMessage())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        info.println(PREFIX + "recovered " + id + " did not end: " + e.getCause().getMessage());
      }
    }
  }

  int execute(String[] args, PrintStream out, PrintStream err, boolean interactive) {
    RunnerOptions options;
    try {
      options = RunnerOptions.parse(args);
    } catch (UsageException e) {
      err.println(PREFIX + e.getMessage());
      return 2;
    }
    if (options.help()) {
      out.print(RunnerOptions.USAGE);
      return 0;
    }
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      return runWorkOrder(options, out, err, interactive, resources);
    } catch (UsageException e) {
      err.println(PREFIX + oneLine(e.getMessage()));
      return 2;
    } catch (InvalidWorkflowException e) {
      err.println(PREFIX + "the workflow in " + options.workflowFile() + " is invalid: " + oneLine(e.getMessage()));
      return 2;
    } catch (InvalidInputException e) {
      err.println(PREFIX + oneLine(e.getMessage()));
      return 2;
    } catch (AwoException | IllegalStateException | IllegalArgumentException e) {
      LOG.atDebug().setMessage("runner_failed").setCause(e).log();
      err.println(PREFIX + oneLine(causeChain(e)));
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      err.println(PREFIX + "interrupted");
      return 1;
    } catch (RuntimeException | LinkageError e) {
      LOG.atDebug().setMessage("runner_failed").setCause(e).log();
      err.println(PREFIX + "unexpected " + e.getClass().getSimpleName() + ": " + oneLine(causeChain(e)));
      return 1;
    } finally {
      for (int i = resources.size() - 1; i >= 0; i--) {
        try {
          resources.get(i).close();
        } catch (Exception e) {
          err.println(PREFIX + "while shutting down: " + oneLine(e.getMessage()));
        }
      }
    }
  }

  private int runWorkOrder(
      RunnerOptions options, PrintStream out, PrintStream err, boolean interactive, List<AutoCloseable> resources)
      throws InterruptedException {
    WorkflowDefinition workflow = options.workflowFile() == null ? null : readWorkflow(options.workflowFile());
    String given = options.repository() == null ? null : repositoryArgument(options.repository());
    RunnerWiring.Adapters env = adapters != null ? adapters : RunnerWiring.Adapters.fromEnvironment();
    if (needsGitHub(options)) {
      env = env.withLoggedInToken();
    }
    boolean madeWorkDir = options.workDir() == null;
    Path workDir = workDir(options);
    GitSandboxFactory sandboxes = null;
    StepHistoryRepository histories;
    WorkOrderRepository workOrders;
    ConfiguredRepositoryRepository configured;
    try {
      sandboxes = RunnerWiring.sandboxes(options, workDir, env);
      Preflight.check(options, given, sandboxes, env);
      if (options.store().equals("memory")) {
        histories = new InMemoryStepHistoryRepository();
        workOrders = new InMemoryWorkOrderRepository();
        configured = new InMemoryConfiguredRepositories();
      } else {
        JdbcStore store = JdbcStore.open(options.store());
        resources.add(store);
        histories = store.stepHistories();
        workOrders = store.workOrders();
        configured = store.configuredRepositories();
      }
    } catch (RuntimeException e) {
      // nothing ran: leave nothing behind
      if (sandboxes != null) {
        sandboxes.close();
      }
      deleteQuietly(madeWorkDir ? workDir : workDir.resolve("sandboxes").resolve("credentials"));
      throw e;
    }
    int earlier = workOrders.list().size();

    PrintStream info = options.jsonlEvents() ? err : out;
    Completion completion = new Completion();
    EventHub hub = new EventHub();
    WorkOrderLogBuffer logs = new WorkOrderLogBuffer();
    WorkflowOrchestratorBuilder builder = WorkflowOrchestrator.builder()
        .stepHistoryRepository(histories).workOrderRepository(workOrders)
        .listener(completion).listener(hub).listener(logs)
        .listener(options.jsonlEvents() ? new JsonlEvents(out) : new ConsoleProgress(out, interactive))
        .sandboxRetention(options.servePort() != null ? SandboxRetention.KEEP : SandboxRetention.CLEAN_UP)
        .keptSandboxLimits(options.keptSandboxes());
    if (options.limits().stuckDetection() != null) {
      builder.stuckDetection(options.limits().stuckDetection());
      workflow = workflow == null || workflow.stuckDetection() == null ? workflow : new WorkflowDefinition(
          workflow.name(), workflow.description(), workflow.nodes(), workflow.edges(), workflow.budget(),
          options.limits().stuckDetection());
    }
    if (workflow != null) {
      builder.workflow(workflow);
    }
    // closed in reverse order: the orchestrator first, then the sandbox factory and progress comment
    resources.addAll(RunnerWiring.wire(builder, options, sandboxes, workOrders, env));
    WorkflowOrchestrator orchestrator = builder.build();
    resources.add(orchestrator);
    List<WorkOrderId> recovered = recover(orchestrator, info);
    WorkOrderHttpServer server = null;
    if (options.servePort() != null) {
      server = serve(WorkOrderHttpServer.builder(orchestrator, hub).logs(logs).configuredRepositories(configured)
          .repositoryVerifier(new GhCli(env.gh())), options.servePort(), sandboxes);
      resources.add(server);
    }
    if (options.browseOnly()) {
      return browse(info, options, orchestrator, server, earlier);
    }
    String repository = given == null ? DemoRepository.openOrCreate(workDir).remoteUrl() : given;
    WorkOrderRequest.Builder request = WorkOrderRequest.builder(repository, options.effectiveRequest())
        .issueNumber(options.issueNumber()).sandboxType(options.sandboxType()).budget(options.limits().budget());
    if (workflow != null) {
      request.workflow(workflow.name());
    }
    WorkOrderRequest built = request.build();
    if (!options.jsonlEvents()) {
      header(out, options, repository, earlier, workDir, server);
    } else if (server != null) {
      info.println(PREFIX + "live endpoints on " + server.tokenUri());
    }
    long start = System.nanoTime();
    WorkOrderId id = orchestrator.submit(built);
    Thread shutdownHook = new Thread(() -> orchestrator.cancel(id), "awo-runner-cancel");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    WorkOrder end;
    try {
      end = new GatePrompt(orchestrator, id, info, interactive).await(completion.of(id), in);
    } catch (ExecutionException e) {
      throw new AwoException("the work order did not finish: " + e.getCause().getMessage());
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
    }
    end = orchestrator.workOrder(id).orElse(end);
    if (server == null) {
      awaitRecovered(orchestrator, recovered, info); // closing now would cancel them
    }
    if (!options.jsonlEvents()) {
      Summary.print(out, end, orchestrator.metrics(end.id()), orchestrator.stepHistory(end.id()).results(),
          Duration.ofNanos(System.nanoTime() - start), workDir);
    }
    if (server != null) {
      info.println("Serving " + server.tokenUri() + " until interrupted (Ctrl-C).");
      info.flush();
      stopServing.await();
    }
    return end.status() == WorkOrderStatus.COMPLETED ? 0 : 1;
  }

  /**
   * {@code --serve} without a work order to run: the store's work orders are served as they are
   * (recover() took up what was left unfinished: those waiting at a gate can be decided from the page),
   * nothing new is started,
   * and the page can create new ones. Serves until {@code stopServing}; exit status 0.
   */
  private int browse(PrintStream info, RunnerOptions options, WorkflowOrchestrator orchestrator, WorkOrderHttpServer server,
      int earlier) throws InterruptedException {
    int waiting = orchestrator.workOrders(WorkOrderStatus.WAITING).size(); // recover() has taken them up
    info.println("awo example runner: serving the store, no work order started");
    info.println("  store      " + (options.store().equals("memory") ? "memory (empty; create work orders from the page)"
        : redactUrl(options.store()) + "  (" + earlier + " work order" + (earlier == 1 ? "" : "s")
            + (waiting > 0 ? ", " + waiting + " waiting at a gate" : "") + ")"));
    info.println("  live       " + server.tokenUri() + "  (the token is needed for every API call)");
    info.println("Serving " + server.tokenUri() + " until interrupted (Ctrl-C).");
    info.flush();
    stopServing.await();
    return 0;
  }

  /**
   * The endpoints, with the access token from {@code AWO_SERVE_TOKEN} or a new random one. A
   * repository a request names must be a local git repository, or reachable with the runner's
   * credentials ({@code git ls-remote}), before anything is stored.
   */
  private static WorkOrderHttpServer serve(WorkOrderHttpServer.Builder server, int port, GitSandboxFactory sandboxes) {
    String given = System.getenv("AWO_SERVE_TOKEN");
    LocalRepositoryCheck local = new LocalRepositoryCheck();
    RepositoryCheck reachable = url -> local.problem(url).or(() -> {
      try {
        sandboxes.checkReachable(url);
        return Optional.empty();
      } catch (AwoException e) {
        return Optional.of(e.getMessage());
      }
    });
    server.port(port).repositoryCheck(reachable);
    if (given != null && !given.isBlank()) {
      try {
        server.accessToken(AccessToken.of(given.strip()));
      } catch (InvalidInputException e) {
        throw new UsageException("AWO_SERVE_TOKEN: " + e.getMessage());
      }
    }
    return server.start();
  }

  private static WorkflowDefinition readWorkflow(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new UsageException("--workflow " + file + ": no such file");
    }
    return WorkflowJson.read(file);
  }

  private static Path workDir(RunnerOptions options) {
    try {
      if (options.workDir() == null) {
        return Files.createTempDirectory("awo-runner-").toAbsolutePath();
      }
      Files.createDirectories(options.workDir());
      return options.workDir();
    } catch (IOException e) {
      throw new UsageException("cannot use the working directory: " + e.getMessage());
    }
  }

  /** Whether the run talks to GitHub: the agent pushes and opens PRs, or an issue is read. */
  private static boolean needsGitHub(RunnerOptions options) {
    return options.agent().equals("claude") || options.issueNumber() != null || options.repository() != null;
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (java.util.stream.Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | java.io.UncheckedIOException e) {
      // best effort: a temporary directory the run made and no longer needs
    }
  }

  /** A local path given relative is made absolute: sandboxes clone it from elsewhere. */
  private static String repositoryArgument(String repository) {
    boolean urlLike = repository.contains("://") || repository.matches("^[^/]+@[^/]+:.*");
    if (!urlLike && !repository.startsWith("/")) {
      Path local = Path.of(repository).toAbsolutePath().normalize();
      if (!Files.isDirectory(local)) {
        throw new UsageException("--repo " + repository + ": no such directory, and not a URL");
      }
      return local.toString();
    }
    return repository;
  }

  private static void header(
      PrintStream out, RunnerOptions options, String repository, int earlier, Path workDir, WorkOrderHttpServer server) {
    String agent = options.agent().equals("demo") ? "demo agent (" + DemoAgentExecutor.MODEL.replace("demo-agent (", "")
        : "Claude Code CLI";
    out.println("awo example runner");
    out.println("  agent      " + agent);
    out.println("  repository " + TerminalText.line(repository) + (options.repository() == null ? "  (demo, with a local bare remote)" : ""));
    out.println("  request    " + ConsoleProgress.firstLine(options.effectiveRequest())
        + (options.issueNumber() != null ? "  (issue #" + options.issueNumber() + ")" : ""));
    out.println("  sandbox    " + options.sandboxType().wireName() + " under " + workDir.resolve("sandboxes"));
    out.println("  store      " + (options.store().equals("memory") ? "memory"
        : redactUrl(options.store()) + "  (" + earlier + " work order" + (earlier == 1 ? "" : "s")
            + " from earlier runs)"));
    if (server != null) {
      out.println("  live       " + server.tokenUri() + "  (the token is needed for every API call)");
    }
    out.println();
    out.flush();
  }

  static String redactUrl(String url) {
    return Redactor.patternsOnly().redact(url).replaceAll("(?i)(password=)[^&;]*", "$1***");
  }

  /** The messages of {@code e} and its causes, each once, joined by ": " (the full trace is logged at DEBUG). */
  static String causeChain(Throwable e) {
    StringBuilder chain = new StringBuilder();
    java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    for (Throwable t = e; t != null && seen.add(t) && seen.size() <= 10; t = t.getCause()) {
      String message = t.getMessage();
      if (message != null && !message.isBlank() && chain.indexOf(message.strip()) < 0) {
        chain.append(chain.length() == 0 ? "" : ": ").append(message.strip());
      }
    }
    return chain.length() == 0 ? e.getClass().getSimpleName() : chain.toString();
  }

  static String oneLine(String message) {
    String text = message == null ? "failed" : redactUrl(message);
    return TerminalText.line(text.strip().replaceAll("\\s*\\R\\s*", " "));
  }
}
