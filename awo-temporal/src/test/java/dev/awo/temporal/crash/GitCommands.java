package dev.awo.temporal.crash;

import dev.awo.spi.process.ProcessResult;
import dev.awo.spi.process.ProcessRunner;
import dev.awo.spi.process.ProcessSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * git as the crash tests run it outside the code under test: a neutral configuration (no system or
 * user config, a fixed identity), and a local bare "remote" with one commit on {@code main} for
 * work orders to name as their repository. Stateless.
 */
final class GitCommands {
  private GitCommands() {}

  /** A git command in {@code dir} with the tests' configuration; add a timeout and build it. */
  static ProcessSpec.Builder spec(Path dir, List<String> args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(args);
    return ProcessSpec.builder(command).directory(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1").env("GIT_CONFIG_GLOBAL", "/dev/null").env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_AUTHOR_NAME", "awo crash test").env("GIT_AUTHOR_EMAIL", "crash-test@awo.invalid")
        .env("GIT_COMMITTER_NAME", "awo crash test").env("GIT_COMMITTER_EMAIL", "crash-test@awo.invalid");
  }

  /** Runs git in {@code dir}; its standard output, or an exception with git's error. */
  static String git(Path dir, String... args) {
    ProcessResult result = ProcessRunner.create().run(spec(dir, List.of(args)).timeout(Duration.ofSeconds(60)).build());
    if (!result.succeeded()) {
      throw new IllegalStateException("git " + String.join(" ", args) + " failed: " + result.describe());
    }
    return result.stdout();
  }

  /** Creates {@code root/remote.git}, a bare repository whose {@code main} has one commit (a README). */
  static Path bareRemote(Path root) {
    Path seed = root.resolve("seed");
    Path bare = root.resolve("remote.git");
    try {
      Files.createDirectories(seed);
      git(root, "init", "-q", "-b", "main", seed.toString());
      Files.writeString(seed.resolve("README.md"), "# crash test repository\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    git(seed, "add", "-A");
    git(seed, "commit", "-q", "-m", "initial commit");
    git(root, "clone", "-q", "--bare", seed.toString(), bare.toString());
    return bare;
  }
}
