package dev.awo.spi.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ProcessRunner runs real programs the one safe way")
class ProcessRunnerTest {
  private static final Duration GENEROUS = Duration.ofSeconds(60);
  private static final ProcessRunner RUNNER = ProcessRunner.create();

  @TempDir Path dir;

  private static ProcessResult run(ProcessSpec.Builder spec) {
    return RUNNER.run(spec.timeout(GENEROUS).build());
  }

  @Test
  @DisplayName("arguments are passed as a vector, never through a shell: $(touch x) stays literal")
  void noShell() {
    ProcessResult result = run(ProcessSpec.builder("/bin/echo", "$(touch x)", "`touch y`", "a;touch z", "*").directory(dir));

    assertTrue(result.succeeded(), result.describe());
    assertEquals("$(touch x) `touch y` a;touch z *\n", result.stdout());
    assertFalse(Files.exists(dir.resolve("x")));
    assertFalse(Files.exists(dir.resolve("y")));
    assertFalse(Files.exists(dir.resolve("z")));
  }

  @Test
  @DisplayName("a secret standard output (gh auth token) reaches the caller whole, its line consumer only the mask")
  void secretStdoutIsCapturedForTheCallerOnly() {
    List<String> lines = new CopyOnWriteArrayList<>();
    ProcessResult result = run(ProcessSpec.builder("/bin/echo", "ghp_SecretPrintedByTheProgram1234567890")
        .onStdoutLine(lines::add).stdoutIsSecret());

    assertEquals("ghp_SecretPrintedByTheProgram1234567890\n", result.stdout());
    assertEquals(List.of(Redactor.MASK), lines);
    ProcessResult plain = run(ProcessSpec.builder("/bin/echo", "ghp_SecretPrintedByTheProgram1234567890"));
    assertEquals(Redactor.MASK + "\n", plain.stdout(), "without it, token shapes are redacted as always");
  }

  @Test
  @DisplayName("standard input is closed by default: cat ends at once with no output")
  void stdinClosedByDefault() {
    ProcessResult result = run(ProcessSpec.builder("cat"));

    assertTrue(result.succeeded(), result.describe());
    assertFalse(result.timedOut());
    assertEquals("", result.stdout());
  }

  @Test
  @DisplayName("standard input text is delivered and then closed")
  void stdinDelivered() {
    ProcessResult result = run(ProcessSpec.builder("cat").stdin("hello\nwörld"));

    assertEquals("hello\nwörld\n", result.stdout());
  }

  @Test
  @DisplayName("a large standard input does not deadlock against a large output")
  void largeStdin() {
    String big = "line of text\n".repeat(200_000);
    java.util.concurrent.atomic.AtomicInteger lines = new java.util.concurrent.atomic.AtomicInteger();
    ProcessResult result = run(ProcessSpec.builder("cat").stdin(big).maxCapturedChars(0)
        .onStdoutLine(line -> lines.incrementAndGet()));

    assertTrue(result.succeeded(), result.describe());
    assertEquals(200_000, lines.get());
    assertEquals("", result.stdout());
  }

  @Test
  @DisplayName("a variable of this JVM is not inherited unless named")
  void environmentNotInherited() {
    String name = someJvmVariableOutsideTheDefaults();
    String value = System.getenv(name);

    ProcessResult plain = run(ProcessSpec.builder("/usr/bin/env"));
    ProcessResult named = run(ProcessSpec.builder("/usr/bin/env").alsoInherit(name));

    assertFalse(plain.stdout().lines().anyMatch(l -> l.startsWith(name + "=")), plain.stdout());
    assertTrue(named.stdout().lines().anyMatch(l -> l.equals(name + "=" + value)) || Redactor.looksSecret(name),
        named.stdout());
  }

  @Test
  @DisplayName("an explicit variable wins over an inherited one, and null removes one")
  void explicitEnvironmentWins() {
    ProcessResult result = run(ProcessSpec.builder("/usr/bin/env").env("HOME", "/custom/home").env("PATH", null)
        .env("AWO_EXTRA", "1"));

    List<String> lines = result.stdout().lines().toList();
    assertTrue(lines.contains("HOME=/custom/home"), result.stdout());
    assertTrue(lines.contains("AWO_EXTRA=1"), result.stdout());
    assertFalse(lines.stream().anyMatch(l -> l.startsWith("PATH=")), result.stdout());
  }

  @Test
  @DisplayName("standard output lines arrive live, while the process is still running")
  void linesArriveLive() throws Exception {
    Path fifo = dir.resolve("gate");
    assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
    CountDownLatch firstLine = new CountDownLatch(1);
    List<String> lines = new CopyOnWriteArrayList<>();
    ProcessSpec spec = ProcessSpec.builder("sh", "-c", "echo a; cat \"$1\"; echo b", "sh", fifo.toString())
        .timeout(GENEROUS)
        .onStdoutLine(line -> {
          lines.add(line);
          firstLine.countDown();
        })
        .build();

    CompletableFuture<ProcessResult> result = CompletableFuture.supplyAsync(() -> RUNNER.run(spec));
    assertTrue(firstLine.await(60, TimeUnit.SECONDS), "the first line arrived");
    assertFalse(result.isDone(), "the process is still blocked on the gate");
    assertEquals(List.of("a"), lines);

    try (OutputStream gate = Files.newOutputStream(fifo)) {
      gate.write("opened\n".getBytes());
    }
    ProcessResult done = result.get(60, TimeUnit.SECONDS);
    assertTrue(done.succeeded(), done.describe());
    assertEquals(List.of("a", "opened", "b"), lines);
    assertEquals("a\nopened\nb\n", done.stdout());
  }

  @Test
  @DisplayName("a timeout kills the whole process tree and says so")
  void timeoutKillsTree() throws Exception {
    List<ProcessHandle> tree = new CopyOnWriteArrayList<>();
    ProcessSpec spec = ProcessSpec.builder("sh", "-c", "sleep 300 & sleep 300 & echo started; wait")
        .timeout(Duration.ofSeconds(5))
        .killGrace(Duration.ofMillis(500))
        .onStdoutLine(line -> tree.addAll(treeOfReaderThread()))
        .build();

    ProcessResult result = RUNNER.run(spec);

    assertTrue(result.timedOut());
    assertFalse(result.succeeded());
    assertTrue(result.describe().startsWith("timed out after"), result.describe());
    assertEquals(3, tree.size(), "sh and its two sleeps were seen alive: " + tree);
    assertAllExit(tree);
  }

  @Test
  @DisplayName("interrupting the calling thread kills the tree and keeps the thread's interrupt flag")
  void interruptKillsTree() throws Exception {
    List<ProcessHandle> tree = new CopyOnWriteArrayList<>();
    CountDownLatch started = new CountDownLatch(1);
    ProcessSpec spec = ProcessSpec.builder("sh", "-c", "sleep 300 & sleep 300 & echo started; wait")
        .timeout(GENEROUS)
        .killGrace(Duration.ofMillis(500))
        .onStdoutLine(line -> {
          tree.addAll(treeOfReaderThread());
          started.countDown();
        })
        .build();
    AtomicReference<ProcessResult> result = new AtomicReference<>();
    AtomicBoolean flagKept = new AtomicBoolean();
    Thread caller = new Thread(() -> {
      result.set(RUNNER.run(spec));
      flagKept.set(Thread.currentThread().isInterrupted());
    });
    caller.start();
    assertTrue(started.await(60, TimeUnit.SECONDS));
    caller.interrupt();
    caller.join(60_000);

    assertFalse(caller.isAlive());
    assertTrue(result.get().interrupted());
    assertFalse(result.get().succeeded());
    assertTrue(flagKept.get(), "the interrupt flag is restored");
    assertEquals(3, tree.size(), tree.toString());
    assertAllExit(tree);
  }

  @Test
  @DisplayName("captured output is bounded and marked when cut")
  void capturedOutputBounded() {
    ProcessResult result = run(ProcessSpec.builder("seq", "1", "100000").maxCapturedChars(100));

    assertTrue(result.stdout().startsWith("1\n2\n3\n"), result.stdout());
    assertTrue(result.stdout().endsWith(" more characters]"), result.stdout());
    assertTrue(result.stdout().length() < 160, result.stdout());
  }

  @Test
  @DisplayName("an over-long line is cut with a marker and the exact count of what was dropped")
  void overLongLine() {
    List<String> lines = new ArrayList<>();
    ProcessResult result = run(ProcessSpec.builder("sh", "-c", "head -c 50000000 /dev/zero | tr '\\000' a; echo; echo next")
        .maxLineChars(1000).maxCapturedChars(10_000).onStdoutLine(lines::add));

    assertTrue(result.succeeded(), result.describe());
    assertEquals(List.of("a".repeat(1000) + " [line truncated: 49999000 more characters]", "next"), lines);
  }

  @Test
  @DisplayName("literal secrets, secret-named variables, token shapes and URL passwords are redacted everywhere")
  void redaction() {
    List<String> stdoutLines = new CopyOnWriteArrayList<>();
    List<String> stderrLines = new CopyOnWriteArrayList<>();
    String script = "echo literal=my-literal-secret; echo env=$GH_TOKEN; echo shape=ghp_abcdefghijklmnopqrstuvwx1234;"
        + " echo url=https://bob:pa55word@example.com/repo; echo err=my-literal-secret $GH_TOKEN >&2";
    ProcessSpec spec = ProcessSpec.builder("sh", "-c", script, "my-literal-secret", "https://u:pw9@h.example/x")
        .env("GH_TOKEN", "token-from-env-1234")
        .secrets(List.of("my-literal-secret"))
        .onStdoutLine(stdoutLines::add)
        .onStderrLine(stderrLines::add)
        .timeout(GENEROUS)
        .build();

    ProcessResult result = RUNNER.run(spec);

    assertEquals("literal=***\nenv=***\nshape=***\nurl=https://***@example.com/repo\n", result.stdout());
    assertEquals("err=*** ***\n", result.stderr());
    assertEquals(List.of("literal=***", "env=***", "shape=***", "url=https://***@example.com/repo"), stdoutLines);
    assertEquals(List.of("err=*** ***"), stderrLines);
    String described = spec.describeCommand();
    assertFalse(described.contains("my-literal-secret"), described);
    assertFalse(described.contains("pw9"), described);
    assertTrue(described.startsWith("sh -c "), described);
  }

  @Test
  @DisplayName("a line consumer that throws does not stop the reading")
  void throwingConsumer() {
    ProcessResult result = run(ProcessSpec.builder("seq", "1", "3").onStdoutLine(line -> {
      throw new IllegalStateException("consumer bug");
    }));

    assertTrue(result.succeeded());
    assertEquals("1\n2\n3\n", result.stdout());
  }

  @Test
  @DisplayName("a non-zero exit is a result with the exit code and stderr, not an exception")
  void nonZeroExit() {
    ProcessResult result = run(ProcessSpec.builder("sh", "-c", "echo oops >&2; exit 3"));

    assertEquals(3, result.exitCode());
    assertFalse(result.succeeded());
    assertEquals("exited with code 3: oops", result.describe());
  }

  @Test
  @DisplayName("a missing program is ExecutableNotFoundException naming it")
  void missingProgram() {
    var e = assertThrows(ExecutableNotFoundException.class,
        () -> RUNNER.run(ProcessSpec.builder("/nonexistent/awo-no-such-program", "x").build()));

    assertEquals("/nonexistent/awo-no-such-program", e.executable());
    assertTrue(e.getMessage().contains("'/nonexistent/awo-no-such-program' was not found"), e.getMessage());
    var onPath = assertThrows(ExecutableNotFoundException.class,
        () -> RUNNER.run(ProcessSpec.builder("awo-no-such-program-on-path").build()));
    assertTrue(onPath.getMessage().contains("was not found"), onPath.getMessage());
  }

  @Test
  @DisplayName("a file that is not executable is ExecutableNotFoundException saying so")
  void notExecutable() throws IOException {
    Path script = Files.writeString(dir.resolve("script.sh"), "#!/bin/sh\necho hi\n");

    var e = assertThrows(ExecutableNotFoundException.class, () -> RUNNER.run(ProcessSpec.builder(script.toString()).build()));

    assertEquals(script.toString(), e.executable());
    assertTrue(e.getMessage().contains("not executable"), e.getMessage());
  }

  @Test
  @DisplayName("a missing working directory is reported as such")
  void missingDirectory() {
    var e = assertThrows(ExecutableNotFoundException.class,
        () -> RUNNER.run(ProcessSpec.builder("/bin/echo").directory(dir.resolve("absent")).build()));

    assertTrue(e.getMessage().contains("working directory"), e.getMessage());
  }

  /** The process whose output the calling reader thread reads (named awo-process-PID-out), and its descendants. */
  private static List<ProcessHandle> treeOfReaderThread() {
    String name = Thread.currentThread().getName();
    long pid = Long.parseLong(name.substring("awo-process-".length(), name.lastIndexOf('-')));
    ProcessHandle root = ProcessHandle.of(pid).orElseThrow();
    List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
    tree.add(root);
    return tree;
  }

  private static void assertAllExit(List<ProcessHandle> tree) throws Exception {
    for (ProcessHandle handle : tree) {
      handle.onExit().get(30, TimeUnit.SECONDS);
      assertFalse(handle.isAlive(), "still alive: " + handle.pid());
    }
  }

  private static String someJvmVariableOutsideTheDefaults() {
    Map<String, String> env = System.getenv();
    return env.keySet().stream()
        .filter(n -> !ProcessSpec.DEFAULT_INHERITED.contains(n) && !Redactor.looksSecret(n) && !env.get(n).isEmpty())
        .sorted()
        .findFirst()
        .orElseThrow(() -> new org.opentest4j.TestAbortedException("this JVM has no environment variable to test with"));
  }
}
