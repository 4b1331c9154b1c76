package dev.awo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The runner decides a waiting human gate from the terminal")
@Timeout(120)
class RunnerGateTest {
  @TempDir Path temp;

  private static final String GATED = """
      {"name": "gated", "nodes": [
        {"id": "classify", "type": "agent_call", "template": "classifier", "arguments": ["$context.task"]},
        {"id": "approval", "type": "human_gate", "inputs": {"message": "Go on after $classify.output?"}},
        {"id": "review", "type": "agent_call", "template": "implementor", "arguments": ["$context.task"]}],
       "edges": [{"from": "classify", "to": "approval"}, {"from": "approval", "to": "review"}]}
      """;

  /** A runner on a terminal whose keyboard the test types on. */
  private final class Terminal {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final PipedOutputStream keyboard = new PipedOutputStream();
    final CompletableFuture<Integer> exit;

    Terminal() throws IOException {
      Path workflow = Files.writeString(temp.resolve("gated.json"), GATED);
      PipedInputStream in = new PipedInputStream(keyboard);
      PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
      PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
      String[] args = {"--workflow", workflow.toString(), "--workdir", temp.resolve("work").toString()};
      exit = CompletableFuture.supplyAsync(() -> new AwoRunner(null, new CountDownLatch(0), in).execute(args, o, e, true));
    }

    String out() {
      return out.toString(StandardCharsets.UTF_8);
    }

    /** Waits (bounded) until the output contains {@code text}. */
    void expect(String text) throws InterruptedException {
      for (int i = 0; i < 600 && !out().contains(text); i++) {
        if (exit.isDone()) {
          break;
        }
        Thread.sleep(50);
      }
      assertTrue(out().contains(text), "expected '" + text + "' in: " + out() + err.toString(StandardCharsets.UTF_8));
    }

    void type(String line) throws IOException {
      keyboard.write((line + "\n").getBytes(StandardCharsets.UTF_8));
      keyboard.flush();
    }

    int exitCode() throws Exception {
      return exit.get(60, TimeUnit.SECONDS);
    }
  }

  @Test
  @DisplayName("the gate's message is shown with the keys; 'a' approves the waiting gate and the run completes")
  void approve() throws Exception {
    Terminal t = new Terminal();
    t.expect("waiting    approval: Go on after /");
    t.expect("decide     " + GatePrompt.KEYS);
    t.type("a");
    assertEquals(0, t.exitCode(), t.out());
    assertTrue(t.out().contains("approved   approval"), t.out());
  }

  @Test
  @DisplayName("an unknown key shows the keys, a rejection without reason is refused, 'r GATE REASON' rejects and the run fails")
  void reject() throws Exception {
    Terminal t = new Terminal();
    t.expect("waiting    approval");
    t.type("x");
    t.expect("keys       " + GatePrompt.KEYS);
    t.type("r");
    t.expect("a rejection needs a reason");
    t.type("a nope");
    t.expect("'nope' is not a human gate");
    t.type("r approval not this week");
    assertEquals(1, t.exitCode(), t.out());
    assertTrue(t.out().contains("rejected   approval"), t.out());
    assertTrue(t.out().contains("not this week"), t.out());
  }
}
