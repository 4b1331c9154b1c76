package dev.awo.github.internal;

import dev.awo.github.GhConfig;
import dev.awo.spi.github.GitHubException;
import dev.awo.spi.process.ExecutableNotFoundException;
import dev.awo.spi.process.ProcessResult;
import dev.awo.spi.process.ProcessRunner;
import dev.awo.spi.process.ProcessSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one gh command through the shared {@link ProcessRunner} with the controlled environment gh
 * needs: no prompts, no update notifier, no colour or spinner, the token only as an environment
 * variable. With a token configured, gh's configuration lives in a private empty directory (so no
 * other login can interfere); with none, gh reads the user's own configuration (its login from
 * {@code gh auth login}), never writing to it beyond what gh itself does. Thread-safe.
 */
public final class GhProcess {
  private static final Logger LOG = LoggerFactory.getLogger(GhProcess.class);
  /** Where gh finds the user's own configuration when no token is configured. */
  private static final List<String> USER_CONFIG = List.of("GH_CONFIG_DIR", "XDG_CONFIG_HOME", "XDG_STATE_HOME",
      "XDG_DATA_HOME", "APPDATA", "LOCALAPPDATA");
  /** What gh needs to reach its host through the user's network route. */
  private static final List<String> NETWORK = List.of("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy",
      "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "SSL_CERT_FILE", "SSL_CERT_DIR");
  /** Variables that would hand gh a token this configuration did not choose. */
  private static final List<String> FOREIGN_TOKENS =
      List.of("GH_TOKEN", "GITHUB_TOKEN", "GH_ENTERPRISE_TOKEN", "GITHUB_ENTERPRISE_TOKEN");

  private final GhConfig config;
  private final Path configDir;
  private final Path workDir;

  public GhProcess(GhConfig config) {
    this.config = config;
    this.configDir = config.configDir().orElseGet(() -> config.token().isPresent() ? privateTempDir() : null);
    this.workDir = configDir != null ? configDir : Path.of(System.getProperty("java.io.tmpdir"));
  }

  /** The host used for references that name none. */
  public String defaultHost() {
    return config.host().orElse(dev.awo.github.GitHubRepositoryRef.DEFAULT_HOST);
  }

  /**
   * Runs gh with {@code args} against {@code host} and returns its standard output, or throws the
   * {@link GitHubException} that says what went wrong.
   */
  public String run(List<String> args, String host, String subject, String action) {
    ProcessResult result = runRaw(args, host);
    if (!result.succeeded()) {
      GitHubException failure = GhFailures.of(result, subject, action);
      LOG.atDebug().setMessage("gh_call_failed")
          .addKeyValue("action", action)
          .addKeyValue("exit_code", result.exitCode())
          .addKeyValue("error", failure.getClass().getSimpleName())
          .log();
      throw failure;
    }
    return result.stdout();
  }

  /** Runs gh and returns how it ended, whatever that was; a missing gh is still an exception. */
  public ProcessResult runRaw(List<String> args, String host) {
    return run(spec(args, host, config.token().isPresent()).build());
  }

  /**
   * The token a logged-in gh holds for {@code host} ({@code gh auth token}), read from the user's gh
   * configuration (or the configured directory); empty when gh is not logged in there.
   */
  public java.util.Optional<String> loggedInToken(String host) {
    ProcessResult result = run(spec(List.of("auth", "token", "--hostname=" + host), host, false)
        .stdoutIsSecret().build());
    String token = result.succeeded() ? result.stdout().strip() : "";
    return token.isEmpty() || token.chars().anyMatch(Character::isWhitespace)
        ? java.util.Optional.empty() : java.util.Optional.of(token);
  }

  private ProcessSpec.Builder spec(List<String> args, String host, boolean withToken) {
    List<String> command = new ArrayList<>(args.size() + 1);
    command.add(config.ghPath());
    command.addAll(args);
    ProcessSpec.Builder spec = ProcessSpec.builder(command)
        .directory(workDir)
        .timeout(config.timeout())
        .killGrace(java.time.Duration.ofSeconds(1));
    FOREIGN_TOKENS.forEach(name -> spec.env(name, null));
    spec.alsoInherit(NETWORK.toArray(String[]::new));
    if (configDir != null) {
      spec.env("GH_CONFIG_DIR", configDir.toString());
    } else {
      spec.alsoInherit(USER_CONFIG.toArray(String[]::new));
    }
    spec.env("GH_PROMPT_DISABLED", "1")
        .env("GH_NO_UPDATE_NOTIFIER", "1")
        .env("GH_SPINNER_DISABLED", "1")
        .env("NO_COLOR", "1")
        .env("CLICOLOR", "0")
        .env("GH_PAGER", "cat")
        .env("PAGER", "cat")
        .env("GIT_TERMINAL_PROMPT", "0");
    config.host().ifPresent(h -> spec.env("GH_HOST", h));
    config.environment().forEach(spec::env);
    if (withToken) {
      config.token().ifPresent(token -> {
        spec.env(isEnterprise(host) ? "GH_ENTERPRISE_TOKEN" : "GH_TOKEN", token);
        spec.secrets(List.of(token));
      });
    }
    return spec;
  }

  private ProcessResult run(ProcessSpec built) {
    try {
      long start = System.nanoTime();
      ProcessResult result = ProcessRunner.create().run(built);
      LOG.atDebug().setMessage("gh_call_finished")
          .addKeyValue("command", built.describeCommand())
          .addKeyValue("exit_code", result.exitCode())
          .addKeyValue("duration_ms", (System.nanoTime() - start) / 1_000_000)
          .log();
      return result;
    } catch (ExecutableNotFoundException e) {
      throw new GitHubException.ClientUnavailable("The GitHub CLI '" + config.ghPath() + "' cannot be run ("
          + e.getMessage() + "). Install it (Debian/Ubuntu: apt-get install gh; elsewhere see "
          + "https://cli.github.com), or say where it is (AWO_GH_CLI for the example runner, the ghPath setting "
          + "of GhConfig in code).");
    }
  }

  /** gh 2.23 reads GH_ENTERPRISE_TOKEN for every host but github.com and github.localhost (and their subdomains). */
  static boolean isEnterprise(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    int colon = h.indexOf(':');
    if (colon >= 0) {
      h = h.substring(0, colon);
    }
    return !(h.equals("github.com") || h.endsWith(".github.com")
        || h.equals("github.localhost") || h.endsWith(".github.localhost"));
  }

  private static Path privateTempDir() {
    try {
      Path dir = Files.createTempDirectory("awo-gh-",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      dir.toFile().deleteOnExit();
      return dir;
    } catch (UnsupportedOperationException e) {
      try {
        return Files.createTempDirectory("awo-gh-");
      } catch (IOException io) {
        throw new UncheckedIOException(io);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a private configuration directory for gh", e);
    }
  }
}
