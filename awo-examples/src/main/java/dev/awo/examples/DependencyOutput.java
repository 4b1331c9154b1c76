package dev.awo.examples;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What dependencies print straight to {@code System.out} or {@code System.err} (H2, for one,
 * prints a stack trace there when it cannot write its trace file): while the runner runs as a
 * program, those streams are replaced by this one, which logs each line at DEBUG under {@code
 * dev.awo.examples.dependency-output}, so the operator's terminal gets only the runner's own lines
 * and the full text stays available with {@code -Dorg.slf4j.simpleLogger.log.dev.awo.examples.dependency-output=debug}.
 * The logger writes to the standard error it found at start ({@code cacheOutputStream} in
 * simplelogger.properties). Thread-safe.
 */
final class DependencyOutput extends OutputStream {
  private static final Logger LOG = LoggerFactory.getLogger("dev.awo.examples.dependency-output");
  private static final int MAX_LINE = 16 << 10;

  private final String stream;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  private DependencyOutput(String stream) {
    this.stream = stream;
  }

  /** Replaces {@code System.out} and {@code System.err}; call once, first thing in {@code main}. */
  static void install() {
    LOG.isDebugEnabled(); // initializes the logger while System.err is still the terminal
    System.setOut(new PrintStream(new DependencyOutput("stdout"), true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(new DependencyOutput("stderr"), true, StandardCharsets.UTF_8));
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n' || line.size() >= MAX_LINE) {
      flushLine();
    } else if (b != '\r') {
      line.write(b);
    }
  }

  @Override
  public synchronized void flush() {
    // lines are logged when they end; a partial line waits for its newline (or close)
  }

  @Override
  public synchronized void close() {
    flushLine();
  }

  private void flushLine() {
    if (line.size() > 0) {
      LOG.atDebug().setMessage("dependency_output").addKeyValue("stream", stream)
          .addKeyValue("line", line.toString(StandardCharsets.UTF_8)).log();
      line.reset();
    }
  }
}
