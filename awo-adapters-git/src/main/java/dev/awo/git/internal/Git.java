package dev.awo.git.internal;

import dev.awo.spi.process.ExecutableNotFoundException;
import dev.awo.spi.process.ProcessResult;
import dev.awo.spi.process.ProcessSpec;
import dev.awo.spi.process.Redactor;
import dev.awo.spi.sandbox.SandboxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs git the one way this module allows: through {@link GitProcessLauncher} (the shared process
 * runner), with an argument vector, a timeout that kills the tree, and an environment without
 * prompts, system or global config, or other protocols than file, http(s) and ssh.
 *
 * <p>Thread-safe: holds only immutable settings.
 */
public final class Git {
  /** Variables every git process inherits: the basics, the ssh agent and the user's network route. */
  public static final List<String> INHERITED = List.of("PATH", "HOME", "TMPDIR", "TZ", "USER", "LOGNAME",
      "SSH_AUTH_SOCK", "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy",
      "NO_PROXY", "no_proxy");
  /** What else is inherited when the user's own git configuration is used. */
  private static final List<String> USER_CONFIG = List.of("XDG_CONFIG_HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_SYSTEM");
  private static final List<String> AUTH_FAILURES = List.of("could not read username", "could not read password",
      "authentication failed", "terminal prompts disabled", "http 401", "http 403", "permission denied (publickey");

  private final GitSettings settings;
  private final Askpass askpass;

  public Git(GitSettings settings) {
    this.settings = settings;
    this.askpass = new Askpass(settings.baseDirectory());
  }

  /**
   * What another git process (an agent's) needs to use the same credentials: the askpass helper
   * and the token for https remotes, the ssh agent's socket. Empty without either.
   */
  public java.util.Map<String, String> credentialEnvironment() {
    java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
    if (settings.httpsCredentials() != null) {
      env.putAll(askpass.environment(settings.httpsCredentials()));
      env.put("GIT_TERMINAL_PROMPT", "0");
    }
    String sshAgent = System.getenv("SSH_AUTH_SOCK");
    if (sshAgent != null && !sshAgent.isEmpty()) {
      env.put("SSH_AUTH_SOCK", sshAgent);
    }
    return env;
  }

  /** Whether git's error output says the remote wanted credentials it did not get. */
  public static boolean isAuthenticationFailure(String stderr) {
    String lower = stderr == null ? "" : stderr.toLowerCase(java.util.Locale.ROOT);
    return AUTH_FAILURES.stream().anyMatch(lower::contains);
  }

  public GitSettings settings() {
    return settings;
  }

  /** Runs {@code git args...} in {@code directory}; a non-zero exit is returned, not thrown. */
  public ProcessResult run(Path directory, List<String> secrets, String... args) {
    return runWithStdin(directory, secrets, null, args);
  }

  /** Like {@link #run(Path, List, String...)} with text on standard input. */
  public ProcessResult runWithStdin(Path directory, List<String> secrets, String stdin, String... args) {
    ProcessSpec spec = spec(directory, secrets, stdin, args);
    try {
      return settings.launcher().run(spec);
    } catch (ExecutableNotFoundException e) {
      throw new SandboxException("git could not be started: " + e.getMessage()
          + "; install git, or name the git program (gitExecutable of the sandbox factory)", e);
    }
  }

  /** Runs git and returns its standard output, or throws {@link SandboxException} saying what failed. */
  public String output(Path directory, List<String> secrets, String... args) {
    return outputWithStdin(directory, secrets, null, args);
  }

  /** Like {@link #output(Path, List, String...)} with text on standard input. */
  public String outputWithStdin(Path directory, List<String> secrets, String stdin, String... args) {
    ProcessResult result = runWithStdin(directory, secrets, stdin, args);
    if (!result.succeeded()) {
      throw failure(secrets, result, args);
    }
    return result.stdout();
  }

  /** The standard output's first line, trimmed; empty when git printed nothing. */
  public Optional<String> firstLine(Path directory, List<String> secrets, String... args) {
    String out = output(directory, secrets, args).strip();
    int newline = out.indexOf('\n');
    String line = newline < 0 ? out : out.substring(0, newline).strip();
    return line.isEmpty() ? Optional.empty() : Optional.of(line);
  }

  /** The commit checked out in {@code directory}, or empty when it is no readable git checkout. */
  public Optional<String> head(Path directory, List<String> secrets) {
    return commit(directory, secrets, "HEAD");
  }

  /** The commit {@code ref} names in {@code directory}'s repository, or empty when there is none. */
  public Optional<String> commit(Path directory, List<String> secrets, String ref) {
    if (!java.nio.file.Files.isDirectory(directory)) {
      return Optional.empty();
    }
    ProcessResult result = run(directory, secrets, "rev-parse", "--verify", "--quiet", ref + "^{commit}");
    String out = result.succeeded() && result.stdout() != null ? result.stdout().strip() : "";
    return out.matches("[0-9a-f]{40,64}") ? Optional.of(out) : Optional.empty();
  }

  /**
   * Whether {@code head}, checked out in {@code directory}, is consistent with {@code recovery}: the
   * recorded head itself, or — when a step was in flight at the crash and may have committed — a
   * commit descending from it.
   */
  public boolean consistent(Path directory, List<String> secrets, dev.awo.spi.sandbox.SandboxRecovery recovery,
      String head) {
    if (recovery.consistentWith(head)) {
      return true;
    }
    return recovery.stepInFlight()
        && run(directory, secrets, "merge-base", "--is-ancestor", recovery.expectedHead(), head).succeeded();
  }

  /** A {@link SandboxException} naming the command (redacted) and git's account of the failure. */
  public SandboxException failure(List<String> secrets, ProcessResult result, String... args) {
    String hint = isAuthenticationFailure(result.stderr()) ? "; the remote asks for credentials that were not "
        + "accepted: for https give a token (GH_TOKEN for the example runner, httpsCredentials of the sandbox "
        + "factory in code), for ssh a key loaded in the agent at SSH_AUTH_SOCK" : "";
    return new SandboxException(describe(secrets, args) + " failed: " + result.describe() + hint);
  }

  /** {@code git <args>} with secrets redacted, for messages. */
  public String describe(List<String> secrets, String... args) {
    return Redactor.of(secrets).redact("git " + String.join(" ", args));
  }

  private ProcessSpec spec(Path directory, List<String> secrets, String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(settings.gitExecutable());
    command.addAll(settings.configArguments());
    command.addAll(List.of(args));
    ProcessSpec.Builder builder = ProcessSpec.builder(command)
        .inherit(INHERITED.toArray(String[]::new))
        .env("GIT_TERMINAL_PROMPT", "0");
    if (settings.userGitConfig()) {
      builder.alsoInherit(USER_CONFIG.toArray(String[]::new));
    } else {
      builder.env("GIT_CONFIG_NOSYSTEM", "1").env("GIT_CONFIG_GLOBAL", "/dev/null");
    }
    builder.env("GIT_SSH_COMMAND", settings.sshCommand())
        .env("GIT_ALLOW_PROTOCOL", "file:http:https:ssh")
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .timeout(settings.timeout())
        .killGrace(java.time.Duration.ofMillis(500))
        .maxCapturedChars(1 << 22)
        .secrets(secrets);
    builder.env(settings.environment());
    if (settings.httpsCredentials() != null) {
      builder.env(askpass.environment(settings.httpsCredentials()))
          .secrets(List.of(settings.httpsCredentials().token()));
    }
    if (directory != null) {
      builder.directory(directory);
    }
    if (stdin != null) {
      builder.stdin(stdin);
    }
    return builder.build();
  }
}
