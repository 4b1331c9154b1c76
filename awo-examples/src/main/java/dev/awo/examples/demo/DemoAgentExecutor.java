package dev.awo.examples.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentExecutor;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.spi.agent.AgentRequest;
import dev.awo.spi.persistence.WorkOrderRepository;
import dev.awo.spi.process.ExecutableNotFoundException;
import dev.awo.spi.process.ProcessResult;
import dev.awo.spi.process.ProcessRunner;
import dev.awo.spi.process.ProcessSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * <b>A deterministic stand-in for an AI agent — not an AI.</b> It lets the example runner show the
 * whole seven-step workflow on any machine with Java and git, with no API key and no network. For
 * each step of the default workflow it really does that step's job in the sandbox, with git run
 * through {@link ProcessRunner}:
 *
 * <table>
 *   <caption>What the demo agent does per step</caption>
 *   <tr><th>step</th><th>does</th><th>answers</th></tr>
 *   <tr><td>classify</td><td>looks for defect words in the request ("bug", "fix", "crash", ...)</td>
 *       <td>{@code /bug}, else {@code /feature}</td></tr>
 *   <tr><td>plan</td><td>writes {@code specs/<work order>-<kind>-plan.md}</td><td>a summary</td></tr>
 *   <tr><td>find_plan</td><td>looks for that file</td><td>its path</td></tr>
 *   <tr><td>generate_branch</td><td>{@code git checkout -B <kind>-<work order>-<slug>}</td><td>the branch</td></tr>
 *   <tr><td>implement</td><td>appends an entry for the request to {@code CHANGES.md}</td><td>a summary</td></tr>
 *   <tr><td>commit</td><td>{@code git add -A}, {@code git commit}</td><td>the commit's first line</td></tr>
 *   <tr><td>create_pr</td><td>{@code git push -u origin <branch>}</td><td>the pushed branch; it never opens a pull request</td></tr>
 * </table>
 *
 * <p>Every step can be run again after an attempt that a crash interrupted (the orchestrator's
 * {@code recover()} retries it): the branch is checked out with {@code -B}, an entry already in
 * {@code CHANGES.md} is not added twice, and a commit already made is not made again.
 *
 * <p>It recognises steps by {@link AgentRequest#step()} and reads the request text from the work
 * order repository by {@link AgentRequest#workOrderId()}; it does not read the prompts. Any other
 * step (a follow-up prompt, a custom workflow's node) is answered with a note and changes nothing.
 * It reports {@link AgentEvent}s as an agent would: {@code Init}, {@code AssistantText}, a {@code
 * ToolUse}/{@code ToolResult} pair per git command, and a {@code Result}.
 *
 * <pre>{@code
 * WorkOrderRepository workOrders = new InMemoryWorkOrderRepository();
 * WorkflowOrchestrator.builder().workOrderRepository(workOrders)
 *     .agentExecutor(new DemoAgentExecutor(workOrders))...
 * }</pre>
 *
 * <p>This class is thread-safe: it keeps no state between calls.
 */
public final class DemoAgentExecutor implements AgentExecutor {
  /** The model name the demo agent reports, so nobody mistakes its output for a model's. */
  public static final String MODEL = "demo-agent (deterministic, not an AI)";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration GIT_TIMEOUT = Duration.ofMinutes(2);

  private final WorkOrderRepository workOrders;
  private final ProcessRunner processes = ProcessRunner.create();

  /** A demo agent that reads each work order's request from {@code workOrders}. */
  public DemoAgentExecutor(WorkOrderRepository workOrders) {
    this.workOrders = Objects.requireNonNull(workOrders, "workOrders");
  }

  @Override
  public AgentOutcome execute(AgentRequest request, Consumer<AgentEvent> events) {
    long start = System.nanoTime();
    String session = "demo-" + request.workOrderId().value() + "-" + request.step();
    events.accept(new AgentEvent.Init(session, MODEL, request.workingDirectory().toString(), List.of("Bash", "Write")));
    Turn turn = new Turn(request, events);
    String answer;
    try {
      answer = switch (request.step()) {
        case "classify" -> "/" + DemoTask.kind(task(request.workOrderId()));
        case "plan" -> plan(turn);
        case "find_plan" -> findPlan(turn);
        case "generate_branch" -> generateBranch(turn);
        case "implement" -> implement(turn);
        case "commit" -> commit(turn);
        case "create_pr" -> createPullRequest(turn);
        default -> "The demo agent only carries out the default workflow's steps; it did nothing for '"
            + request.step() + "'. Run with --agent claude for a real agent.";
      };
    } catch (DemoStepFailed | UncheckedIOException | ExecutableNotFoundException e) {
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      String message = "demo agent: " + e.getMessage();
      events.accept(result(session, true, message, took));
      return AgentOutcome.failed(message, took);
    }
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    events.accept(new AgentEvent.AssistantText(session + "-answer", answer));
    events.accept(result(session, false, answer, took));
    return new AgentOutcome(true, answer, session, null, null, 1, took, null);
  }

  private String plan(Turn turn) {
    String kind = DemoTask.kind(task(turn.workOrder()));
    String path = planPath(turn.workOrder(), kind);
    String task = task(turn.workOrder());
    String plan = "# " + capitalised(kind) + " plan for " + turn.workOrder().value() + "\n\n"
        + "Written by the awo demo agent (deterministic, not an AI).\n\n"
        + "## Task\n" + task.strip() + "\n\n"
        + "## Steps\n"
        + "1. Record the request as an entry in `CHANGES.md`.\n"
        + "2. Commit the plan and the entry on branch `" + branch(turn.workOrder(), task) + "`.\n"
        + "3. Push the branch to `origin`.\n";
    turn.write(path, plan, false);
    return "Wrote a three-step plan for the " + kind + " to " + path + ": record the request in CHANGES.md, "
        + "commit it on its own branch and push that branch.";
  }

  private String findPlan(Turn turn) {
    Path specs = turn.dir().resolve("specs");
    turn.tool("Bash", "ls specs");
    try (Stream<Path> files = Files.isDirectory(specs) ? Files.list(specs) : Stream.empty()) {
      String prefix = turn.workOrder().value() + "-";
      return files.map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith(prefix) && name.endsWith("-plan.md"))
          .sorted().findFirst().map(name -> "specs/" + name)
          .orElseThrow(() -> new DemoStepFailed("no plan file for " + turn.workOrder() + " under specs/"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list specs/: " + e.getMessage(), e);
    }
  }

  private String generateBranch(Turn turn) {
    String branch = branch(turn.workOrder(), task(turn.workOrder()));
    // -B, not -b: an attempt interrupted by a crash may have made the branch already
    turn.git("checkout", "-B", branch);
    return branch;
  }

  private String implement(Turn turn) {
    String task = task(turn.workOrder());
    String entry = "\n## " + DemoTask.title(task) + "\n\n"
        + "- Requested in work order " + turn.workOrder().value() + " (" + DemoTask.kind(task) + ").\n"
        + "- Recorded by the awo demo agent, which makes this small real change in place of an implementation.\n";
    Path changes = turn.dir().resolve("CHANGES.md");
    boolean existed = Files.exists(changes);
    if (existed && read(changes).contains(entry)) {
      return "CHANGES.md already has the entry for the request (an earlier attempt wrote it).";
    }
    turn.write("CHANGES.md", existed ? entry : "# Changes\n" + entry, existed);
    return (existed ? "Appended" : "Created CHANGES.md with") + " an entry for the request to CHANGES.md.";
  }

  private String commit(Turn turn) {
    String task = task(turn.workOrder());
    String firstLine = DemoTask.kind(task) + ": " + DemoTask.title(task);
    turn.git("add", "-A");
    if (turn.git("status", "--porcelain").isBlank() && turn.git("log", "-1", "--format=%s").strip().equals(firstLine)) {
      return firstLine; // an attempt interrupted by a crash committed it already
    }
    turn.git("commit", "-m", firstLine + "\n\nWork order: " + turn.workOrder().value());
    return firstLine;
  }

  private String createPullRequest(Turn turn) {
    String branch = turn.git("rev-parse", "--abbrev-ref", "HEAD").strip();
    String remote = turn.git("remote", "get-url", "origin").strip();
    turn.git("push", "-u", "origin", branch);
    String why = remote.contains("github.com")
        ? "the demo agent never opens pull requests; run with --agent claude for that"
        : "the remote is not on GitHub";
    return "Pushed branch " + branch + " to origin; no pull request was opened (" + why + ").";
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file.getFileName() + ": " + e.getMessage(), e);
    }
  }

  private String task(WorkOrderId id) {
    return workOrders.find(id).map(WorkOrder::userRequest)
        .orElseThrow(() -> new DemoStepFailed("work order " + id + " is not in the repository it was given"));
  }

  private static String planPath(WorkOrderId id, String kind) {
    return "specs/" + id.value() + "-" + kind + "-plan.md";
  }

  private static String branch(WorkOrderId id, String task) {
    return DemoTask.kind(task) + "-" + id.value() + "-" + DemoTask.slug(task);
  }

  private static String capitalised(String word) {
    return Character.toUpperCase(word.charAt(0)) + word.substring(1);
  }

  private static AgentEvent.Result result(String session, boolean error, String text, Duration took) {
    return new AgentEvent.Result(error ? "error_during_execution" : "success", error, null, text, session, null, null,
        1, took, Duration.ZERO, error ? List.of(text) : List.of());
  }

  /** One call's tool uses: each is announced, run, and its result reported. */
  private final class Turn {
    private final AgentRequest request;
    private final Consumer<AgentEvent> events;
    private int tools;

    Turn(AgentRequest request, Consumer<AgentEvent> events) {
      this.request = request;
      this.events = events;
    }

    WorkOrderId workOrder() {
      return request.workOrderId();
    }

    Path dir() {
      return request.workingDirectory();
    }

    String tool(String name, String command) {
      String id = "demo-tool-" + (++tools);
      events.accept(new AgentEvent.ToolUse(request.step() + "-" + tools, id, name, json(Map.of("command", command))));
      return id;
    }

    /** Runs git in the sandbox; a failure ends the step with git's own message. */
    String git(String... args) {
      List<String> command = new ArrayList<>(List.of("git"));
      command.addAll(List.of(args));
      String id = tool("Bash", String.join(" ", command));
      ProcessResult result = processes.run(ProcessSpec.builder(command).directory(dir()).timeout(GIT_TIMEOUT)
          .env("GIT_AUTHOR_NAME", "awo demo agent").env("GIT_AUTHOR_EMAIL", "demo-agent@awo.invalid")
          .env("GIT_COMMITTER_NAME", "awo demo agent").env("GIT_COMMITTER_EMAIL", "demo-agent@awo.invalid")
          .env("GIT_TERMINAL_PROMPT", "0").build());
      String output = (result.stdout() + result.stderr()).strip();
      events.accept(new AgentEvent.ToolResult(id, output, !result.succeeded()));
      if (!result.succeeded()) {
        throw new DemoStepFailed(String.join(" ", command) + " " + result.describe());
      }
      return result.stdout();
    }

    void write(String relativePath, String text, boolean append) {
      String id = tool("Write", relativePath);
      Path file = dir().resolve(relativePath);
      try {
        Files.createDirectories(file.getParent());
        if (append) {
          Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } else {
          Files.writeString(file, text, StandardCharsets.UTF_8);
        }
      } catch (IOException e) {
        events.accept(new AgentEvent.ToolResult(id, String.valueOf(e.getMessage()), true));
        throw new UncheckedIOException("cannot write " + relativePath + ": " + e.getMessage(), e);
      }
      events.accept(new AgentEvent.ToolResult(id, (append ? "appended to " : "wrote ") + relativePath, false));
    }

    private String json(Map<String, String> value) {
      try {
        return JSON.writeValueAsString(value);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** A step the demo agent could not carry out; becomes a failed outcome, never escapes. */
  private static final class DemoStepFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DemoStepFailed(String message) {
      super(message, null, false, false);
    }
  }
}
