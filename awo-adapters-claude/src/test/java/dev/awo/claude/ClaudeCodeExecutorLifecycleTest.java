package dev.awo.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.claude.mock.MockReply;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentOutcome;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("ClaudeCodeExecutor with the real CLI: live events, timeouts, cancellation, signals")
class ClaudeCodeExecutorLifecycleTest extends RealCliFixture {
  private static final String SLEEPER = "sleep 297";

  @Test
  @DisplayName("events reach the listener while the CLI is still running")
  void eventsArriveLive() {
    CountDownLatch sawInit = new CountDownLatch(1);
    api.enqueue(MockReply.heldUntil(sawInit, MockReply.text("Released.")));
    AtomicBoolean cliAliveAtInit = new AtomicBoolean();
    RecordingListener events = new RecordingListener();

    AgentOutcome outcome = executor().execute(request("Hello."), event -> {
      events.accept(event);
      if (event instanceof AgentEvent.Init) {
        cliAliveAtInit.set(!descendantsMatching("claude").isEmpty());
        sawInit.countDown(); // the mock answers only now, so the CLI cannot have finished before
      }
    });

    assertTrue(outcome.success(), outcome::errorMessage);
    assertTrue(cliAliveAtInit.get(), "the CLI process was alive when the init event arrived");
    assertEquals(List.of("init", "assistant_text", "usage", "result"), events.types());
  }

  @Test
  @DisplayName("the executor timeout kills the CLI and the tool's child processes: no orphans remain")
  void timeoutKillsTheWholeTree() throws Exception {
    api.enqueue(MockReply.toolUse("Bash", "{\"command\":\"" + SLEEPER + "\",\"timeout\":600000}"));
    ClaudeCodeExecutor executor = new ClaudeCodeExecutor(config().timeout(Duration.ofSeconds(8)).build());
    Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
    AtomicBoolean sleeperSeen = new AtomicBoolean();
    Thread watcher = watchDescendants(seen, sleeperSeen, () -> {});

    AgentOutcome outcome = executor.execute(request("Sleep."), new RecordingListener());
    watcher.interrupt();
    watcher.join();

    assertFalse(outcome.success());
    assertEquals("timed out: the Claude Code CLI ran longer than 8 s and was killed with its child processes",
        outcome.errorMessage());
    assertTrue(sleeperSeen.get(), "the Bash tool's '" + SLEEPER + "' ran under the CLI before the timeout");
    assertAllDead(seen);
  }

  @Test
  @DisplayName("interrupting the calling thread cancels the run, kills the tree and keeps the interrupt flag")
  void interruptCancels() throws Exception {
    api.enqueue(MockReply.toolUse("Bash", "{\"command\":\"" + SLEEPER + "\",\"timeout\":600000}"));
    Set<ProcessHandle> seen = ConcurrentHashMap.newKeySet();
    AtomicBoolean sleeperSeen = new AtomicBoolean();
    Thread caller = Thread.currentThread();
    Thread watcher = watchDescendants(seen, sleeperSeen, caller::interrupt);

    AgentOutcome outcome = executor().execute(request("Sleep."), new RecordingListener());
    boolean flagKept = Thread.interrupted();
    watcher.interrupt();
    watcher.join();

    assertTrue(flagKept, "interrupt flag restored");
    assertFalse(outcome.success());
    assertTrue(outcome.errorMessage().startsWith("cancelled"), outcome.errorMessage());
    assertTrue(sleeperSeen.get());
    assertAllDead(seen);
  }

  @Test
  @DisplayName("a CLI terminated by SIGTERM mid-run, printing no result line, is a failure")
  void sigtermMidRunIsAFailure() {
    CountDownLatch never = new CountDownLatch(1);
    api.enqueue(MockReply.heldUntil(never, MockReply.text("never sent")));
    AtomicReference<String> signalled = new AtomicReference<>("nothing");

    AgentOutcome outcome = executor().execute(request("Hello."), event -> {
      if (event instanceof AgentEvent.Init) {
        ProcessHandle.current().children()
            .filter(p -> p.info().command().orElse("").contains("claude"))
            .forEach(p -> signalled.set(p.destroy() ? "sent" : "refused"));
      }
    });

    assertEquals("sent", signalled.get());
    assertFalse(outcome.success());
    assertTrue(outcome.errorMessage().startsWith("the Claude Code CLI ended without a result line (exit code 143: "
        + "killed by SIGTERM)"), outcome.errorMessage());
    assertTrue(outcome.sessionId() != null, "the session id from the init line is kept for a resume");
  }

  /** Polls this JVM's descendants, remembering all; runs {@code onSleeper} once the sleeper shows up. */
  private static Thread watchDescendants(Set<ProcessHandle> seen, AtomicBoolean sleeperSeen, Runnable onSleeper) {
    Thread watcher = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        ProcessHandle.current().descendants().forEach(p -> {
          seen.add(p);
          if (p.info().commandLine().orElse("").contains(SLEEPER) && !sleeperSeen.getAndSet(true)) {
            onSleeper.run();
          }
        });
        try {
          Thread.sleep(50);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "descendant-watcher");
    watcher.setDaemon(true);
    watcher.start();
    return watcher;
  }

  private static void assertAllDead(Set<ProcessHandle> seen) {
    assertFalse(seen.isEmpty());
    List<String> alive = seen.stream().filter(ProcessHandle::isAlive)
        .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
    assertTrue(alive.isEmpty(), "orphans still alive: " + alive);
  }
}
