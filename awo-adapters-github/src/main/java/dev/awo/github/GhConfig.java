package dev.awo.github;

import dev.awo.domain.InvalidInputException;
import dev.awo.spi.Arguments;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How {@link GhCli} runs gh: the program, the token, the host, the timeout, extra environment and
 * gh's configuration directory.
 *
 * <pre>{@code
 * GhConfig config = GhConfig.builder()
 *     .token(System.getenv("AWO_GITHUB_TOKEN"))   // passed to gh only as GH_TOKEN
 *     .timeout(Duration.ofSeconds(30))
 *     .build();
 * }</pre>
 *
 * <p>The token is handed to gh only through its environment ({@code GH_TOKEN}, or {@code
 * GH_ENTERPRISE_TOKEN} for GitHub Enterprise hosts), never on a command line, and {@link #toString()}
 * does not show it. Immutable and thread-safe once built.
 */
public final class GhConfig {
  private static final Pattern HOST = Pattern.compile("[a-z0-9][a-z0-9.-]*(?::[0-9]{1,5})?");
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final String ghPath;
  private final String token;
  private final String host;
  private final Duration timeout;
  private final Map<String, String> environment;
  private final Path configDir;

  private GhConfig(Builder b) {
    this.ghPath = b.ghPath;
    this.token = b.token;
    this.host = b.host;
    this.timeout = b.timeout;
    this.environment = Collections.unmodifiableMap(new LinkedHashMap<>(b.environment));
    this.configDir = b.configDir;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The gh program: a name looked up on PATH, or a path. Default {@code gh}. */
  public String ghPath() {
    return ghPath;
  }

  /** The token, if one was configured. Never log it. */
  public Optional<String> token() {
    return Optional.ofNullable(token);
  }

  /** The default host (gh's {@code GH_HOST}) for references that name none, if configured. */
  public Optional<String> host() {
    return Optional.ofNullable(host);
  }

  /** How long one gh call may take before its process tree is killed. Default 60 s. */
  public Duration timeout() {
    return timeout;
  }

  /** Extra environment variables for gh (e.g. {@code HTTP_PROXY}); a null value removes one. */
  public Map<String, String> environment() {
    return environment;
  }

  /** gh's configuration directory ({@code GH_CONFIG_DIR}), if configured; else a private temp dir. */
  public Optional<Path> configDir() {
    return Optional.ofNullable(configDir);
  }

  @Override
  public String toString() {
    return "GhConfig[ghPath=" + ghPath + ", token=" + (token == null ? "none" : "***") + ", host=" + host
        + ", timeout=" + timeout + ", environment=" + environment.keySet() + ", configDir=" + configDir + "]";
  }

  /** Builds {@link GhConfig}s; each setter validates its argument. Not thread-safe. */
  public static final class Builder {
    private String ghPath = "gh";
    private String token;
    private String host;
    private Duration timeout = Duration.ofSeconds(60);
    private final Map<String, String> environment = new LinkedHashMap<>();
    private Path configDir;

    private Builder() {}

    public Builder ghPath(String ghPath) {
      Arguments.requireText(ghPath, "ghPath");
      if (ghPath.startsWith("-")) {
        throw new InvalidInputException("ghPath", "must be a program name or path, not an option");
      }
      this.ghPath = ghPath;
      return this;
    }

    public Builder ghPath(Path ghPath) {
      return ghPath(Arguments.requirePresent(ghPath, "ghPath").toString());
    }

    /** The token gh authenticates with; {@code null} or blank means none (gh then fails with exit 4). */
    public Builder token(String token) {
      if (token != null && (token.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c)))) {
        throw new InvalidInputException("token", "must not contain white space or control characters");
      }
      this.token = token == null || token.isEmpty() ? null : token;
      return this;
    }

    /** The default host, e.g. {@code ghe.example.com}; {@code null} means github.com. */
    public Builder host(String host) {
      if (host != null && !HOST.matcher(host.toLowerCase(Locale.ROOT)).matches()) {
        throw new InvalidInputException("host", "'" + Arguments.excerpt(host)
            + "' is not a host name (e.g. github.com or ghe.example.com:8443)");
      }
      this.host = host == null ? null : host.toLowerCase(Locale.ROOT);
      return this;
    }

    public Builder timeout(Duration timeout) {
      this.timeout = Arguments.requirePositive(timeout, "timeout");
      return this;
    }

    /** Adds an environment variable for gh; a {@code null} value removes it. */
    public Builder env(String name, String value) {
      if (name == null || !VARIABLE.matcher(name).matches()) {
        throw new InvalidInputException("environment", "'" + Arguments.excerpt(name) + "' is not a variable name");
      }
      environment.put(name, value);
      return this;
    }

    public Builder configDir(Path configDir) {
      this.configDir = configDir;
      return this;
    }

    public GhConfig build() {
      return new GhConfig(this);
    }
  }
}
