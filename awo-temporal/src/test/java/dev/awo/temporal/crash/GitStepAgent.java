package dev.awo.temporal.crash;

import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentExecutor;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.spi.agent.AgentRequest;
import dev.awo.spi.process.ProcessResult;
import dev.awo.spi.process.ProcessRunner;
import dev.awo.spi.process.ProcessSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The git crash tests' agent: each step writes {@code <step>.txt} in the sandbox and commits it with
 * the real git, the step's id as the subject (the first step first checks out {@link #BRANCH}). A
 * step run again after a crash writes the same file and, finding nothing to commit, makes no
 * second commit. On its first attempt, a step named in {@code hangIn} then leaves a marker file
 * ({@link #marker}: this JVM's pid) and waits in {@code sleep 300}, started through awo's process
 * runner as an agent's tool would be, until the JVM is killed. Thread-safe.
 */
final class GitStepAgent implements AgentExecutor {
  /** The branch the work order's commits go on (and are pushed to). */
  static final String BRANCH = "feature-crash";

  private static final Duration GIT_TIMEOUT = Duration.ofSeconds(60);
  /** Parallel steps share one sandbox: they commit one at a time. */
  private static final Object COMMITS = new Object();

  private final Path markers;
  private final Set<String> hangIn;
  private final ProcessRunner processes = ProcessRunner.create();

  GitStepAgent(Path markers, Set<String> hangIn) {
    this.markers = markers;
    this.hangIn = Set.copyOf(hangIn);
  }

  /** The marker a step that hangs leaves, holding the pid of the worker JVM it hangs in. */
  static Path marker(Path markers, String workOrderId, String step) {
    return markers.resolve(workOrderId + "-" + step + ".hung");
  }

  @Override
  public AgentOutcome execute(AgentRequest request, Consumer<AgentEvent> events) {
    Path dir = request.workingDirectory();
    String step = request.step();
    synchronized (COMMITS) {
      if (step.equals("write")) {
        git(dir, "checkout", "-q", "-B", BRANCH);
      }
      write(dir.resolve(step + ".txt"), "the work of " + step + "\n");
      git(dir, "add", "-A");
      if (!git(dir, "status", "--porcelain").isBlank()) {
        git(dir, "commit", "-q", "-m", step);
      }
    }
    events.accept(new AgentEvent.AssistantText("m", "committed the work of " + step));
    if (hangIn.contains(step) && leaveMarker(marker(markers, request.workOrderId().value(), step))) {
      ProcessResult slept = processes.run(ProcessSpec.builder("sleep", "300").directory(dir)
          .timeout(Duration.ofMinutes(10)).build());
      return AgentOutcome.failed("the sleep that only a kill should end ended: " + slept.describe(), Duration.ZERO);
    }
    return AgentOutcome.succeeded("done: " + step, "session-" + step, Duration.ofMillis(1));
  }

  /** True the first time (this attempt hangs), false when the step runs again after the crash. */
  private static boolean leaveMarker(Path marker) {
    String pid = Long.toString(ProcessHandle.current().pid());
    try {
      Path written = Files.writeString(marker.resolveSibling(marker.getFileName() + "." + pid), pid, StandardCharsets.UTF_8);
      try {
        Files.createLink(marker, written); // appears whole, and only once
        return true;
      } catch (FileAlreadyExistsException e) {
        return false;
      } finally {
        Files.delete(written);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs git in {@code dir} as the agent, through awo's process runner; fails the step when git fails. */
  private String git(Path dir, String... args) {
    ProcessResult result = processes.run(GitCommands.spec(dir, List.of(args)).timeout(GIT_TIMEOUT).build());
    if (!result.succeeded()) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + result.describe());
    }
    return result.stdout();
  }
}
