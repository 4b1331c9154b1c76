package dev.awo.spi.process;

import static dev.awo.spi.Arguments.requirePositive;

import dev.awo.domain.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Everything {@link ProcessRunner} needs to run one program: an argument vector (never a shell
 * line), a working directory, a controlled environment, a timeout, optional standard input, the
 * secrets to redact, live line consumers and output caps.
 *
 * <pre>{@code
 * ProcessSpec spec = ProcessSpec.builder("git", "rev-parse", "HEAD")
 *     .directory(repo).timeout(Duration.ofSeconds(30)).build();
 * }</pre>
 *
 * <p>The environment starts empty except for the variables named by {@link
 * Builder#inherit(String...)} (by default {@link #DEFAULT_INHERITED}), then {@link
 * Builder#env(String, String)} adds or overrides. Values of variables whose names look secret
 * ({@code *_TOKEN}, {@code *_API_KEY}, ...) are redacted automatically.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class ProcessSpec {
  /** Variables passed through from this JVM's environment unless the builder says otherwise. */
  public static final Set<String> DEFAULT_INHERITED =
      Set.of("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ", "USER", "LOGNAME");

  private final List<String> command;
  private final Path directory;
  private final Map<String, String> environment;
  private final Set<String> inherited;
  private final Duration timeout;
  private final Duration killGrace;
  private final byte[] stdin;
  private final Redactor redactor;
  private final Consumer<String> stdoutLines;
  private final Consumer<String> stderrLines;
  private final int maxCapturedChars;
  private final int maxLineChars;

  private ProcessSpec(Builder b) {
    this.command = List.copyOf(b.command);
    this.directory = b.directory;
    this.environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
    this.inherited = Set.copyOf(b.inherited);
    this.timeout = b.timeout;
    this.killGrace = b.killGrace;
    this.stdin = b.stdin;
    List<String> secrets = new ArrayList<>(b.secrets);
    secrets.addAll(Redactor.secretValues(b.environment));
    this.redactor = Redactor.of(secrets);
    this.stdoutLines = b.stdoutLines;
    this.stderrLines = b.stderrLines;
    this.maxCapturedChars = b.maxCapturedChars;
    this.maxLineChars = b.maxLineChars;
  }

  public static Builder builder(String... command) {
    return builder(List.of(command));
  }

  public static Builder builder(List<String> command) {
    if (command == null || command.isEmpty()) {
      throw new InvalidInputException("command", "needs at least the program to run");
    }
    for (String argument : command) {
      if (argument == null) {
        throw new InvalidInputException("command", "contains a null argument");
      }
      if (argument.indexOf('\0') >= 0) {
        throw new InvalidInputException("command", "contains an argument with a NUL character");
      }
    }
    if (command.get(0).isBlank()) {
      throw new InvalidInputException("command", "the program name is blank");
    }
    return new Builder(command);
  }

  public List<String> command() { return command; }
  public Path directory() { return directory; }
  public Map<String, String> environment() { return environment; }
  public Set<String> inherited() { return inherited; }
  public Duration timeout() { return timeout; }
  public Duration killGrace() { return killGrace; }
  byte[] stdin() { return stdin; }
  public boolean hasStdin() { return stdin != null; }
  public Redactor redactor() { return redactor; }
  public Consumer<String> stdoutLines() { return stdoutLines; }
  public Consumer<String> stderrLines() { return stderrLines; }
  public int maxCapturedChars() { return maxCapturedChars; }
  public int maxLineChars() { return maxLineChars; }

  /** The command line for logs: arguments joined by spaces, secrets redacted. */
  public String describeCommand() {
    return redactor.redact(String.join(" ", command));
  }

  /** Builds {@link ProcessSpec}s; not thread-safe. */
  public static final class Builder {
    private final List<String> command;
    private Path directory;
    private final Map<String, String> environment = new LinkedHashMap<>();
    private final Set<String> inherited = new LinkedHashSet<>(DEFAULT_INHERITED);
    private Duration timeout = Duration.ofMinutes(10);
    private Duration killGrace = Duration.ofSeconds(2);
    private byte[] stdin;
    private final List<String> secrets = new ArrayList<>();
    private Consumer<String> stdoutLines = line -> {};
    private Consumer<String> stderrLines = line -> {};
    private int maxCapturedChars = 1 << 20;
    private int maxLineChars = 1 << 20;

    private Builder(List<String> command) {
      this.command = new ArrayList<>(command);
    }

    /** The working directory; by default this JVM's. */
    public Builder directory(Path directory) {
      this.directory = directory;
      return this;
    }

    /** Sets a variable; {@code null} removes one that would otherwise be inherited. */
    public Builder env(String name, String value) {
      if (name == null || name.isEmpty() || name.indexOf('=') >= 0) {
        throw new InvalidInputException("environment", "'" + name + "' is not a variable name");
      }
      environment.put(name, value);
      return this;
    }

    public Builder env(Map<String, String> variables) {
      variables.forEach(this::env);
      return this;
    }

    /** Replaces the inherited variable names with these. */
    public Builder inherit(String... names) {
      inherited.clear();
      inherited.addAll(List.of(names));
      return this;
    }

    /** Adds names to the inherited variables. */
    public Builder alsoInherit(String... names) {
      inherited.addAll(List.of(names));
      return this;
    }

    /** How long the process may run before its whole tree is killed. */
    public Builder timeout(Duration timeout) {
      this.timeout = dev.awo.spi.Arguments.requirePositive(timeout, "timeout");
      return this;
    }

    /** How long a killed process gets to exit after SIGTERM before SIGKILL; default 2 s. */
    public Builder killGrace(Duration killGrace) {
      this.killGrace = dev.awo.spi.Arguments.requireNonNegative(killGrace, "killGrace");
      return this;
    }

    /** Text written to standard input, which is then closed. Without it stdin is closed at once. */
    public Builder stdin(String text) {
      this.stdin = text == null ? null : text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      return this;
    }

    /** Literal values to redact from logs, captured output and line consumers. */
    public Builder secrets(Collection<String> values) {
      secrets.addAll(values);
      return this;
    }

    /** Receives each standard-output line (redacted) as it arrives, on a reader thread. */
    public Builder onStdoutLine(Consumer<String> consumer) {
      this.stdoutLines = java.util.Objects.requireNonNull(consumer, "consumer");
      return this;
    }

    /** Receives each standard-error line (redacted) as it arrives, on a reader thread. */
    public Builder onStderrLine(Consumer<String> consumer) {
      this.stderrLines = java.util.Objects.requireNonNull(consumer, "consumer");
      return this;
    }

    /** The most characters of each stream kept in the result (0 keeps none); default 1 Mi. */
    public Builder maxCapturedChars(int chars) {
      if (chars < 0) {
        throw new InvalidInputException("maxCapturedChars", "must not be negative");
      }
      this.maxCapturedChars = chars;
      return this;
    }

    /** The longest line passed on whole; longer lines are cut with a marker. Default 1 Mi. */
    public Builder maxLineChars(int chars) {
      this.maxLineChars = requirePositive(chars, "maxLineChars");
      return this;
    }

    public ProcessSpec build() {
      return new ProcessSpec(this);
    }
  }
}
