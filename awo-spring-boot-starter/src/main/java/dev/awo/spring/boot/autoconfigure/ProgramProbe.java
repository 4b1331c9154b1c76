package dev.awo.spring.boot.autoconfigure;

import dev.awo.spi.process.ExecutableNotFoundException;
import dev.awo.spi.process.ProcessResult;
import dev.awo.spi.process.ProcessRunner;
import dev.awo.spi.process.ProcessSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Runs a short command of an external program ({@code claude --version}, {@code gh auth status})
 * for the health check and remembers the answer for {@link #CACHE_FOR}, so that a health probe
 * every few seconds does not start a process every few seconds. Secrets given to it are passed
 * through the environment only and redacted from the answer. Thread-safe.
 */
final class ProgramProbe {
  /** How long an answer is reused. */
  static final Duration CACHE_FOR = Duration.ofSeconds(60);
  private static final Duration TIMEOUT = Duration.ofSeconds(15);
  private static final int MAX_DETAIL = 300;

  /** What the command said: whether it ran and exited 0, and its first line (or the problem). */
  record Answer(boolean ok, String detail, Instant at) {}

  private final List<String> command;
  private final Map<String, String> environment;
  private final Clock clock;
  private volatile Answer last;

  ProgramProbe(List<String> command, Map<String, String> environment, Clock clock) {
    this.command = List.copyOf(command);
    this.environment = Map.copyOf(environment);
    this.clock = clock;
  }

  synchronized Answer answer() {
    Answer cached = last;
    if (cached != null && cached.at().plus(CACHE_FOR).isAfter(clock.instant())) {
      return cached;
    }
    last = run();
    return last;
  }

  private Answer run() {
    Instant now = clock.instant();
    try {
      ProcessResult result = ProcessRunner.create().run(ProcessSpec.builder(command).env(environment)
          .secrets(environment.values()).timeout(TIMEOUT).maxCapturedChars(8 * 1024).build());
      String text = result.succeeded() ? firstLine(result.stdout() + "\n" + result.stderr()) : result.describe();
      return new Answer(result.succeeded(), cap(text), now);
    } catch (ExecutableNotFoundException e) {
      return new Answer(false, cap(e.getMessage()), now);
    }
  }

  private static String firstLine(String text) {
    for (String line : text.split("\n")) {
      if (!line.isBlank()) {
        return line.strip();
      }
    }
    return "";
  }

  private static String cap(String text) {
    String t = text == null ? "" : text.strip();
    return t.length() > MAX_DETAIL ? t.substring(0, MAX_DETAIL) + "..." : t;
  }
}
