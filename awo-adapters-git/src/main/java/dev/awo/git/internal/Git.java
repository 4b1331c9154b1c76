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
  private final GitSettings settings;

  public Git(GitSettings settings) {
    this.settings = settings;
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
          + "; set the git executable with GitSandboxFactory.builder().gitExecutable(...)", e);
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

  /** A {@link SandboxException} naming the command (redacted) and git's account of the failure. */
  public SandboxException failure(List<String> secrets, ProcessResult result, String... args) {
    return new SandboxException(describe(secrets, args) + " failed: " + result.describe());
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
        .inherit("PATH", "HOME", "TMPDIR", "TZ", "USER", "LOGNAME", "SSH_AUTH_SOCK")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_SSH_COMMAND", settings.sshCommand())
        .env("GIT_ALLOW_PROTOCOL", "file:http:https:ssh")
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .timeout(settings.timeout())
        .killGrace(java.time.Duration.ofMillis(500))
        .maxCapturedChars(1 << 22)
        .secrets(secrets);
    if (directory != null) {
      builder.directory(directory);
    }
    if (stdin != null) {
      builder.stdin(stdin);
    }
    return builder.build();
  }
}
