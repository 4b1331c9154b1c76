package dev.awo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What reaches the operator's terminal: no escape sequences from requests or outputs, no dependency stack traces. */
@Timeout(120)
class RunnerTerminalOutputTest {
  private static final String TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
  private static final String HOSTILE = "Add a greeting \u001B]0;pwned\u0007\u001B[2J\u001B[H\u009B31m\u009D2;x\u009C "
      + TOKEN;
  private static final Pattern TERMINAL_CONTROLS = Pattern.compile("[\\x00-\\x08\\x0B-\\x1F\\x7F-\\x{9F}]");

  @TempDir Path dir;

  private String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = AwoRunner.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    String o = out.toString(StandardCharsets.UTF_8);
    String e = err.toString(StandardCharsets.UTF_8);
    assertEquals(0, exit, o + e);
    return new String[] {o, e};
  }

  @Test
  @DisplayName("a request carrying OSC title and clear-screen sequences is printed without them, and redacted")
  void progressAndSummaryAreClean() {
    String[] printed = run("--request", HOSTILE, "--workdir", dir.toString());
    for (String text : printed) {
      assertFalse(TERMINAL_CONTROLS.matcher(text).find(), "a control character reached the terminal: " + text);
      // (a step output may quote a truncated prefix of the request; the library's intake redaction removes that)
      assertFalse(text.contains(TOKEN), "a credential reached the terminal: " + text);
    }
    assertTrue(printed[0].contains("request    Add a greeting"), printed[0]);
    assertTrue(printed[0].contains("[7/7] create_pr"), printed[0]);
  }

  @Test
  @DisplayName("JSON lines escape every control a terminal acts on and carry no credential")
  void jsonLinesAreClean() {
    String[] printed = run("--request", HOSTILE, "--workdir", dir.toString(), "--events", "jsonl");
    assertFalse(TERMINAL_CONTROLS.matcher(printed[0]).find(), "a raw control character in the JSON lines");
    assertFalse(printed[0].contains(TOKEN), "a credential in the JSON lines");
    assertTrue(printed[0].contains("\\u009B") || printed[0].contains("\\u001B"), "the controls are escaped, not lost");
  }

  @Test
  @DisplayName("an uncreatable H2 store path prints one line on stderr, not H2's stack trace, and nothing on stdout")
  void dependencyStackTracesStayOffTheTerminal() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process process = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
        AwoRunner.class.getName(), "--store", "jdbc:h2:/proc/awo-cannot-exist/store", "--workdir", dir.toString()))
        .start();
    process.getOutputStream().close();
    assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the runner did not end");
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(1, process.exitValue(), out + err);
    assertEquals("", out, "stdout");
    List<String> lines = err.lines().toList();
    assertEquals(1, lines.size(), "stderr:\n" + err);
    assertTrue(lines.get(0).startsWith("awo: ") && lines.get(0).contains("/proc/awo-cannot-exist"), err);
  }
}
