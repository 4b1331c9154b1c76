package dev.awo.claude;

import dev.awo.domain.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How {@link ClaudeCodeExecutor} runs the Claude Code CLI.
 *
 * <pre>{@code
 * ClaudeCodeConfig config = ClaudeCodeConfig.builder()
 *     .cliPath("/opt/claude/node_modules/.bin/claude")
 *     .model("sonnet")
 *     .maxTurns(40)
 *     .timeout(Duration.ofMinutes(30))
 *     .skipPermissions(true)
 *     .apiKey(System.getenv("ANTHROPIC_API_KEY"))
 *     .isolatedHome(Path.of("/var/lib/awo/homes"))
 *     .build();
 * }</pre>
 *
 * <p>The API key travels only as the process's {@code ANTHROPIC_API_KEY} variable; it is never
 * printed by {@link #toString()}, logged, or put in events and outputs.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class ClaudeCodeConfig {
  /** The npm package that provides the CLI, named in "not installed" messages. */
  public static final String NPM_PACKAGE = "@anthropic-ai/claude-code";

  private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/\\[\\]@-]{0,127}");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final String cliPath;
  private final String model;
  private final Integer maxTurns;
  private final Duration timeout;
  private final boolean skipPermissions;
  private final Map<String, String> extraEnvironment;
  private final String apiKey;
  private final Path isolatedHome;
  private final int maxOutputChars;
  private final int maxLineChars;
  private final Duration killGrace;

  private ClaudeCodeConfig(Builder b) {
    this.cliPath = b.cliPath;
    this.model = b.model;
    this.maxTurns = b.maxTurns;
    this.timeout = b.timeout;
    this.skipPermissions = b.skipPermissions;
    this.extraEnvironment = Collections.unmodifiableMap(new LinkedHashMap<>(b.extraEnvironment));
    this.apiKey = b.apiKey;
    this.isolatedHome = b.isolatedHome;
    this.maxOutputChars = b.maxOutputChars;
    this.maxLineChars = b.maxLineChars;
    this.killGrace = b.killGrace;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The defaults: {@code claude} from the PATH, model {@code sonnet}, 30 minutes, no turn limit. */
  public static ClaudeCodeConfig defaults() {
    return builder().build();
  }

  /** The program to run: a path (contains '/') or a name looked up on the PATH. */
  public String cliPath() { return cliPath; }

  /** The model used when a request names none. */
  public String model() { return model; }

  /** The turn limit used when a request sets none; empty for the CLI's own. */
  public Optional<Integer> maxTurns() { return Optional.ofNullable(maxTurns); }

  /** How long one run may take when a request sets no timeout; then the process tree is killed. */
  public Duration timeout() { return timeout; }

  /** Whether the CLI runs with {@code --dangerously-skip-permissions} (and {@code IS_SANDBOX=1}). */
  public boolean skipPermissions() { return skipPermissions; }

  /** Variables added to the CLI's environment (e.g. {@code ANTHROPIC_BASE_URL}). */
  public Map<String, String> extraEnvironment() { return extraEnvironment; }

  /** The API key given to the CLI as {@code ANTHROPIC_API_KEY}, if any. */
  public Optional<String> apiKey() { return Optional.ofNullable(apiKey); }

  /** A base directory under which each work order gets its own HOME; empty to inherit HOME. */
  public Optional<Path> isolatedHome() { return Optional.ofNullable(isolatedHome); }

  /** The most characters kept of the final output and of any text in an event. */
  public int maxOutputChars() { return maxOutputChars; }

  /** The longest stdout line read whole; longer lines are cut (and then read as malformed). */
  public int maxLineChars() { return maxLineChars; }

  /** How long a killed CLI gets after SIGTERM before SIGKILL. */
  public Duration killGrace() { return killGrace; }

  @Override
  public String toString() {
    return "ClaudeCodeConfig[cliPath=" + cliPath + ", model=" + model + ", maxTurns=" + maxTurns
        + ", timeout=" + timeout + ", skipPermissions=" + skipPermissions
        + ", extraEnvironment=" + extraEnvironment.keySet() + ", apiKey=" + (apiKey == null ? "none" : "***")
        + ", isolatedHome=" + isolatedHome + ", maxOutputChars=" + maxOutputChars + "]";
  }

  /** Checks a model name: letters, digits and {@code . _ : / [ ] @ -}, not starting with '-'. */
  static String checkModel(String model) {
    if (model == null || !MODEL.matcher(model).matches()) {
      throw new InvalidInputException("model", "expected a model name or alias such as 'sonnet' or "
          + "'claude-sonnet-4-5' (letters, digits, . _ : / [ ] @ -; not starting with '-'), got '"
          + excerpt(model) + "'");
    }
    return model;
  }

  private static String excerpt(String value) {
    if (value == null) {
      return "null";
    }
    String printable = value.replaceAll("\\p{Cntrl}", "?");
    return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
  }

  /** Builds {@link ClaudeCodeConfig}; each setter checks its argument at once. Not thread-safe. */
  public static final class Builder {
    private String cliPath = "claude";
    private String model = "sonnet";
    private Integer maxTurns;
    private Duration timeout = Duration.ofMinutes(30);
    private boolean skipPermissions;
    private final Map<String, String> extraEnvironment = new LinkedHashMap<>();
    private String apiKey;
    private Path isolatedHome;
    private int maxOutputChars = 64 * 1024;
    private int maxLineChars = 4 * 1024 * 1024;
    private Duration killGrace = Duration.ofSeconds(2);

    private Builder() {}

    public Builder cliPath(String cliPath) {
      if (cliPath == null || cliPath.isBlank() || cliPath.indexOf('\0') >= 0) {
        throw new InvalidInputException("cliPath", "must name the claude program or its path");
      }
      if (cliPath.startsWith("-")) {
        throw new InvalidInputException("cliPath", "must not start with '-', got '" + excerpt(cliPath) + "'");
      }
      this.cliPath = cliPath;
      return this;
    }

    public Builder cliPath(Path cliPath) {
      if (cliPath == null) {
        throw new InvalidInputException("cliPath", "is required");
      }
      return cliPath(cliPath.toAbsolutePath().toString());
    }

    public Builder model(String model) {
      this.model = checkModel(model);
      return this;
    }

    /** The turn limit (positive), or null for none. */
    public Builder maxTurns(Integer maxTurns) {
      if (maxTurns != null && maxTurns <= 0) {
        throw new InvalidInputException("maxTurns", "must be positive, got " + maxTurns);
      }
      this.maxTurns = maxTurns;
      return this;
    }

    public Builder timeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new InvalidInputException("timeout", "must be positive, got " + timeout);
      }
      this.timeout = timeout;
      return this;
    }

    public Builder skipPermissions(boolean skipPermissions) {
      this.skipPermissions = skipPermissions;
      return this;
    }

    /** Adds one variable to the CLI's environment; values of secret-looking names are redacted. */
    public Builder environment(String name, String value) {
      if (name == null || !VARIABLE.matcher(name).matches()) {
        throw new InvalidInputException("extraEnvironment", "'" + excerpt(name) + "' is not a variable name");
      }
      if (value == null || value.indexOf('\0') >= 0) {
        throw new InvalidInputException("extraEnvironment", "the value of " + name + " must be text without NUL");
      }
      extraEnvironment.put(name, value);
      return this;
    }

    /** Adds these variables to the CLI's environment. */
    public Builder extraEnvironment(Map<String, String> variables) {
      if (variables == null) {
        throw new InvalidInputException("extraEnvironment", "is required");
      }
      variables.forEach(this::environment);
      return this;
    }

    /** The Anthropic API key, passed only as the environment variable {@code ANTHROPIC_API_KEY}. */
    public Builder apiKey(String apiKey) {
      if (apiKey != null && (apiKey.isBlank() || apiKey.indexOf('\0') >= 0)) {
        throw new InvalidInputException("apiKey", "must not be blank");
      }
      this.apiKey = apiKey;
      return this;
    }

    /**
     * Gives each work order its own HOME, {@code <base>/<workOrderId>}, so sessions and CLI config
     * stay apart and a resume of the same work order finds its session. Null inherits HOME.
     */
    public Builder isolatedHome(Path base) {
      if (base != null && !base.isAbsolute()) {
        throw new InvalidInputException("isolatedHome", "must be an absolute directory, got " + base);
      }
      this.isolatedHome = base;
      return this;
    }

    public Builder maxOutputChars(int chars) {
      if (chars <= 0) {
        throw new InvalidInputException("maxOutputChars", "must be positive, got " + chars);
      }
      this.maxOutputChars = chars;
      return this;
    }

    public Builder maxLineChars(int chars) {
      if (chars <= 0) {
        throw new InvalidInputException("maxLineChars", "must be positive, got " + chars);
      }
      this.maxLineChars = chars;
      return this;
    }

    public Builder killGrace(Duration grace) {
      if (grace == null || grace.isNegative()) {
        throw new InvalidInputException("killGrace", "must not be negative, got " + grace);
      }
      this.killGrace = grace;
      return this;
    }

    public ClaudeCodeConfig build() {
      return new ClaudeCodeConfig(this);
    }
  }
}
