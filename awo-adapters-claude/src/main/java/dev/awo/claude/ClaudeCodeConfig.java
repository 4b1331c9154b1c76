package dev.awo.claude;

import dev.awo.domain.InvalidInputException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p><b>The CLI's route to its API.</b> By default the variables of {@link #API_ENVIRONMENT} are
 * passed through from this JVM's environment when set: the base URL and auth token of a gateway
 * ({@code ANTHROPIC_BASE_URL}, {@code ANTHROPIC_AUTH_TOKEN}, {@code ANTHROPIC_CUSTOM_HEADERS}), the
 * API key, proxies ({@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code NO_PROXY}, each in both cases),
 * CA certificates and client certificates ({@code NODE_EXTRA_CA_CERTS}, {@code
 * CLAUDE_CODE_CLIENT_CERT}, ...), Amazon Bedrock ({@code CLAUDE_CODE_USE_BEDROCK}, {@code AWS_*})
 * and Google Vertex AI ({@code CLAUDE_CODE_USE_VERTEX}, {@code CLOUD_ML_REGION}, {@code
 * ANTHROPIC_VERTEX_PROJECT_ID}, {@code GOOGLE_*}), the model names a gateway maps, and the request
 * timeout and retries ({@code API_TIMEOUT_MS}, {@code CLAUDE_CODE_MAX_RETRIES}). {@link
 * Builder#passEnvironment(String...)} adds more names (for example {@code GH_TOKEN} so the agent's
 * {@code gh pr create} works, {@code SSH_AUTH_SOCK} for its {@code git push} over ssh); {@link
 * Builder#passApiEnvironment(boolean) passApiEnvironment(false)} turns the default set off. Values
 * set with {@link Builder#environment(String, String)} win over passed ones. With an isolated HOME,
 * files the cloud SDKs look for under HOME are not found: point {@code AWS_CONFIG_FILE}, {@code
 * AWS_SHARED_CREDENTIALS_FILE} or {@code GOOGLE_APPLICATION_CREDENTIALS} at them.
 *
 * <p>The API key travels only as the process's {@code ANTHROPIC_API_KEY} variable. It, and the
 * value of every passed or added variable whose name looks secret ({@code *_TOKEN}, {@code
 * *_API_KEY}, {@code *SECRET*}, {@code ANTHROPIC_CUSTOM_HEADERS}, ...), is never printed by {@link
 * #toString()}, logged, or put in events and outputs.
 *
 * <p>Immutable and thread-safe once built.
 */
public final class ClaudeCodeConfig {
  /** The npm package that provides the CLI, named in "not installed" messages. */
  public static final String NPM_PACKAGE = "@anthropic-ai/claude-code";

  /** The variables passed through by default: what the CLI reads to reach its API. */
  public static final List<String> API_ENVIRONMENT = List.of(
      "ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "ANTHROPIC_BASE_URL", "ANTHROPIC_CUSTOM_HEADERS",
      "ANTHROPIC_MODEL", "ANTHROPIC_SMALL_FAST_MODEL", "ANTHROPIC_DEFAULT_SONNET_MODEL",
      "ANTHROPIC_DEFAULT_OPUS_MODEL", "ANTHROPIC_DEFAULT_HAIKU_MODEL",
      "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy",
      "NODE_EXTRA_CA_CERTS", "CLAUDE_CODE_CLIENT_CERT", "CLAUDE_CODE_CLIENT_KEY", "CLAUDE_CODE_CLIENT_KEY_PASSPHRASE",
      "CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_SKIP_BEDROCK_AUTH", "ANTHROPIC_BEDROCK_BASE_URL",
      "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
      "AWS_SESSION_TOKEN", "AWS_BEARER_TOKEN_BEDROCK", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
      "CLAUDE_CODE_USE_VERTEX", "CLAUDE_CODE_SKIP_VERTEX_AUTH", "ANTHROPIC_VERTEX_BASE_URL",
      "ANTHROPIC_VERTEX_PROJECT_ID", "CLOUD_ML_REGION", "GOOGLE_APPLICATION_CREDENTIALS", "GOOGLE_CLOUD_PROJECT",
      "API_TIMEOUT_MS", "CLAUDE_CODE_MAX_RETRIES", "CLAUDE_CODE_MAX_OUTPUT_TOKENS");

  /** Names among the passed ones whose values are secret although their names do not say so. */
  public static final List<String> SECRET_VARIABLES =
      List.of("ANTHROPIC_CUSTOM_HEADERS", "CLAUDE_CODE_CLIENT_KEY_PASSPHRASE", "AWS_ACCESS_KEY_ID");

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
  private final Set<String> passedEnvironment;

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
    Set<String> passed = new LinkedHashSet<>(b.passApiEnvironment ? API_ENVIRONMENT : List.of());
    passed.addAll(b.passedEnvironment);
    this.passedEnvironment = java.util.Collections.unmodifiableSet(passed);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration, to derive a changed one. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.cliPath = cliPath;
    b.model = model;
    b.maxTurns = maxTurns;
    b.timeout = timeout;
    b.skipPermissions = skipPermissions;
    b.extraEnvironment.putAll(extraEnvironment);
    b.apiKey = apiKey;
    b.isolatedHome = isolatedHome;
    b.maxOutputChars = maxOutputChars;
    b.maxLineChars = maxLineChars;
    b.killGrace = killGrace;
    b.passApiEnvironment = false;
    b.passedEnvironment.addAll(passedEnvironment);
    return b;
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

  /** The names of the variables passed through from this JVM's environment when set, in order. */
  public Set<String> passedEnvironment() { return passedEnvironment; }

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
        + ", extraEnvironment=" + extraEnvironment.keySet() + ", passedEnvironment=" + passedEnvironment
        + ", apiKey=" + (apiKey == null ? "none" : "***")
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
    private boolean passApiEnvironment = true;
    private final Set<String> passedEnvironment = new LinkedHashSet<>();

    private Builder() {}

    /**
     * Passes these variables through from this JVM's environment, when set (e.g. {@code GH_TOKEN},
     * {@code SSH_AUTH_SOCK}); in addition to {@link #API_ENVIRONMENT} unless that is turned off.
     */
    public Builder passEnvironment(String... names) {
      if (names == null) {
        throw new InvalidInputException("passEnvironment", "is required");
      }
      for (String name : names) {
        if (name == null || !VARIABLE.matcher(name).matches()) {
          throw new InvalidInputException("passEnvironment", "'" + excerpt(name) + "' is not a variable name");
        }
        passedEnvironment.add(name);
      }
      return this;
    }

    /** Whether {@link #API_ENVIRONMENT} is passed through (default true). */
    public Builder passApiEnvironment(boolean pass) {
      this.passApiEnvironment = pass;
      return this;
    }

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
