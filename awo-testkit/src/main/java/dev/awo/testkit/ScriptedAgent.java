package dev.awo.testkit;

import dev.awo.domain.TokenUsage;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentExecutor;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.spi.agent.AgentRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An {@link AgentExecutor} that answers from a script instead of running a model: per step (node id)
 * a fixed text, a failure, or a {@link Reply} that may write files in the sandbox and check out a
 * branch. Steps without a script answer {@code "done: <step>"}. Each successful answer costs $0.01,
 * 100 input and 50 output tokens and one turn, and is streamed as one {@link AgentEvent.AssistantText}.
 *
 * <pre>{@code
 * ScriptedAgent agent = ScriptedAgent.builder()
 *     .answer("review", "LGTM")
 *     .failFirst("tests", 1, "flaky test")          // attempt 1 fails, attempt 2 answers "done: tests"
 *     .reply("write", call -> { call.writeFile("NOTES.md", "# Notes"); return "wrote NOTES.md"; })
 *     .build();
 * }</pre>
 *
 * <p>{@link #forDefaultWorkflow()} scripts the seven default steps so that they succeed. This class
 * is thread-safe; parallel nodes may call it at once.
 */
public final class ScriptedAgent implements AgentExecutor {
  private final Map<String, Reply> replies;
  private final List<AgentRequest> requests = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
  private static final AtomicInteger MESSAGES = new AtomicInteger();
  private volatile InMemorySandboxFactory sandboxes;

  private ScriptedAgent(Map<String, Reply> replies) {
    this.replies = Map.copyOf(replies);
  }

  /**
   * An empty script: every step answers {@code "done: <step>"}.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A script under which the seven default steps succeed: {@code classify} answers {@code /feature},
   * {@code plan} writes {@code specs/<id>-plan.md}, {@code find_plan} names it, {@code
   * generate_branch} checks out {@code feature-<id>}, {@code create_pr} answers a pull request URL.
   * Add to or override it before {@code build()}.
   *
   * @return a builder with the default steps scripted
   */
  public static Builder forDefaultWorkflow() {
    return builder()
        .answer("classify", "/feature")
        .reply("plan", call -> {
          call.writeFile(planPath(call.workOrderId()), "# Plan\n");
          return "Wrote the plan.";
        })
        .reply("find_plan", call -> planPath(call.workOrderId()))
        .reply("generate_branch", call -> {
          String branch = "feature-" + call.workOrderId().value();
          call.checkout(branch);
          return branch;
        })
        .answer("create_pr", "https://github.com/acme/widgets/pull/1");
  }

  private static String planPath(WorkOrderId id) {
    return "specs/" + id.value() + "-plan.md";
  }

  /** Lets {@link Call#checkout} reach the sandboxes; {@link WorkflowTestEnvironment} calls it. */
  void useSandboxes(InMemorySandboxFactory factory) {
    this.sandboxes = factory;
  }

  /** {@return every request received so far, in order} */
  public List<AgentRequest> requests() {
    return List.copyOf(requests);
  }

  /** {@return the steps called so far, in order (a retried step appears once per attempt)} */
  public List<String> steps() {
    return requests.stream().map(AgentRequest::step).toList();
  }

  @Override
  public AgentOutcome execute(AgentRequest request, Consumer<AgentEvent> events) {
    requests.add(request);
    int attempt = calls.computeIfAbsent(request.workOrderId().value() + "/" + request.step(),
        k -> new AtomicInteger()).incrementAndGet();
    Reply reply = replies.getOrDefault(request.step(), call -> "done: " + call.request().step());
    String output;
    try {
      output = reply.answer(new Call(request, attempt, sandboxes, events));
    } catch (ScriptedFailure failure) {
      return AgentOutcome.failed(failure.getMessage(), Duration.ofMillis(1));
    }
    if (Thread.currentThread().isInterrupted()) {
      return AgentOutcome.failed("interrupted", Duration.ZERO);
    }
    events.accept(new AgentEvent.AssistantText("scripted-" + attempt, output));
    return new AgentOutcome(true, output, "scripted-session-" + request.workOrderId().value(), new BigDecimal("0.01"),
        new TokenUsage(100, 50, 0, 0), 1, Duration.ofMillis(1), null);
  }

  /** What a scripted step answers. */
  @FunctionalInterface
  public interface Reply {
    /**
     * The agent's output for one call.
     *
     * @param call the request, its attempt number and the sandbox
     * @return the output text
     * @throws ScriptedFailure to make the call fail with its message
     */
    String answer(Call call);
  }

  /**
   * One call of a scripted step. A reply may stream events as a real agent does ({@link #emit},
   * {@link #message}) and should end when {@link #stopped()}: the orchestrator stops an agent (a
   * cancellation, a budget, stuck detection) by interrupting the calling thread.
   *
   * <pre>{@code
   * .reply("implement", call -> {                      // an agent that keeps spending until stopped
   *   for (int i = 1; i <= 100 && !call.stopped(); i++) {
   *     call.message("step " + i, new TokenUsage(10_000, 100, 0, 0), "claude-sonnet-4-5");
   *   }
   *   return "spent";
   * })
   * }</pre>
   *
   * @param request what the orchestrator asked
   * @param attempt 1 for the first call of this step in this work order, 2 for the next, ...
   * @param sandboxes the sandboxes, when the agent runs in a {@link WorkflowTestEnvironment}, else null
   * @param events where the call's live events go
   */
  public record Call(AgentRequest request, int attempt, InMemorySandboxFactory sandboxes,
      Consumer<AgentEvent> events) {
    /**
     * Streams one event to the orchestrator, as an agent does while it runs.
     *
     * @param event the event
     */
    public void emit(AgentEvent event) {
      events.accept(Objects.requireNonNull(event, "event must not be null"));
    }

    /**
     * Streams one API message: its text, then its token usage, under a new message id (one turn).
     *
     * @param text what the agent says
     * @param usage the tokens the message used
     * @param model the model that served it, or null
     * @return the message id
     */
    public String message(String text, TokenUsage usage, String model) {
      String id = "msg-" + request.step() + "-" + attempt + "-" + MESSAGES.incrementAndGet();
      emit(new AgentEvent.AssistantText(id, text));
      emit(new AgentEvent.Usage(id, model, usage));
      return id;
    }

    /**
     * Streams one tool call in a message of its own (one turn).
     *
     * @param toolName the tool, e.g. {@code Bash}
     * @param inputJson its input as JSON
     */
    public void toolUse(String toolName, String inputJson) {
      String id = "msg-" + request.step() + "-" + attempt + "-" + MESSAGES.incrementAndGet();
      emit(new AgentEvent.ToolUse(id, "toolu-" + id, toolName, inputJson));
    }

    /**
     * Whether the orchestrator has stopped this call (the calling thread was interrupted).
     *
     * @return true once the call should end
     */
    public boolean stopped() {
      return Thread.currentThread().isInterrupted();
    }

    /**
     * Waits, like an agent that has gone quiet, until the call is stopped or {@code atMost} of real
     * time has passed.
     *
     * @param atMost the longest real wait
     * @return true when the call was stopped
     */
    public boolean awaitStop(Duration atMost) {
      long deadline = System.nanoTime() + atMost.toNanos();
      while (System.nanoTime() < deadline) {
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return true;
        }
      }
      return stopped();
    }

    /** {@return the work order the call is for} */
    public WorkOrderId workOrderId() {
      return request.workOrderId();
    }

    /** {@return the sandbox directory the agent works in} */
    public Path workingDirectory() {
      return request.workingDirectory();
    }

    /**
     * Writes a file in the sandbox, creating its directories.
     *
     * @param relativePath where, relative to the sandbox
     * @param content what
     */
    public void writeFile(String relativePath, String content) {
      Path file = workingDirectory().resolve(relativePath).normalize();
      if (!file.startsWith(workingDirectory())) {
        throw new IllegalArgumentException(relativePath + " is outside the sandbox");
      }
      try {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * Checks out a branch in the work order's {@link InMemorySandboxFactory.InMemorySandbox}.
     *
     * @param branch the branch to check out
     * @throws IllegalStateException when the agent does not run with an {@link InMemorySandboxFactory}
     */
    public void checkout(String branch) {
      if (sandboxes == null || sandboxes.sandbox(workOrderId()).isEmpty()) {
        throw new IllegalStateException("checkout needs the agent to run in a WorkflowTestEnvironment "
            + "(or with an InMemorySandboxFactory passed to it)");
      }
      sandboxes.sandbox(workOrderId()).orElseThrow().checkout(branch);
    }

    /**
     * Fails this call.
     *
     * @param reason the failure message the step result will carry
     * @return never returns
     * @throws ScriptedFailure always
     */
    public String fail(String reason) {
      throw new ScriptedFailure(reason);
    }
  }

  /** Thrown by a {@link Reply} to fail its call with a message; not thread-safe to share, like any exception. */
  public static final class ScriptedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure of the scripted call.
     *
     * @param reason the failure message
     */
    public ScriptedFailure(String reason) {
      super(Objects.requireNonNull(reason, "reason must not be null"), null, false, false);
    }
  }

  /** Builds a {@link ScriptedAgent}; not thread-safe. */
  public static final class Builder {
    private final Map<String, Reply> replies = new HashMap<>();

    private Builder() {}

    /**
     * Scripts {@code step} to answer {@code output} on every call.
     *
     * @param step the step (node id)
     * @param output the answer
     * @return this builder
     */
    public Builder answer(String step, String output) {
      Objects.requireNonNull(output, "output must not be null");
      return reply(step, call -> output);
    }

    /**
     * Scripts {@code step} to fail on every call.
     *
     * @param step the step (node id)
     * @param reason the failure message
     * @return this builder
     */
    public Builder fail(String step, String reason) {
      Objects.requireNonNull(reason, "reason must not be null");
      return reply(step, call -> call.fail(reason));
    }

    /**
     * Scripts {@code step} to fail on its first {@code attempts} calls in a work order, then to
     * answer as scripted before (or {@code "done: <step>"}).
     *
     * @param step the step (node id)
     * @param attempts how many calls fail
     * @param reason the failure message
     * @return this builder
     */
    public Builder failFirst(String step, int attempts, String reason) {
      Objects.requireNonNull(reason, "reason must not be null");
      Reply then = replies.getOrDefault(step, call -> "done: " + call.request().step());
      return reply(step, call -> call.attempt() <= attempts ? call.fail(reason) : then.answer(call));
    }

    /**
     * Scripts {@code step} with a reply of your own.
     *
     * @param step the step (node id)
     * @param reply what it does and answers
     * @return this builder
     */
    public Builder reply(String step, Reply reply) {
      if (step == null || step.isBlank()) {
        throw new IllegalArgumentException("step must not be blank");
      }
      replies.put(step, Objects.requireNonNull(reply, "reply must not be null"));
      return this;
    }

    /** {@return the agent} */
    public ScriptedAgent build() {
      return new ScriptedAgent(replies);
    }
  }
}
