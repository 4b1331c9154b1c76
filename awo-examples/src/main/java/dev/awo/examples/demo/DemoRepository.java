package dev.awo.examples.demo;

import dev.awo.domain.AwoException;
import dev.awo.spi.process.ProcessResult;
import dev.awo.spi.process.ProcessRunner;
import dev.awo.spi.process.ProcessSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A small git repository with a local bare "remote", for the demo agent to work on: {@code
 * remote.git} (what work orders name as their repository) and {@code seed}, the clone its first
 * commit was pushed from.
 *
 * <pre>{@code
 * DemoRepository demo = DemoRepository.create(workDir);
 * orchestrator.submit(WorkOrderRequest.builder(demo.remoteUrl(), "Add a greeting").build());
 * }</pre>
 *
 * <p>Immutable once created; thread-safe.
 */
public final class DemoRepository {
  private final Path remote;

  private DemoRepository(Path remote) {
    this.remote = remote;
  }

  /**
   * The demo repository in {@code workDir}: the one a previous run created there, or a new one
   * (see {@link #create}).
   */
  public static DemoRepository openOrCreate(Path workDir) {
    Path remote = workDir.toAbsolutePath().normalize().resolve("remote.git");
    if (Files.isRegularFile(remote.resolve("HEAD")) && Files.isDirectory(remote.resolve("refs"))) {
      return new DemoRepository(remote);
    }
    return create(workDir);
  }

  /**
   * Creates {@code workDir/remote.git} with one commit on {@code main}: a README and a small
   * program. Fails if {@code workDir/remote.git} exists already.
   */
  public static DemoRepository create(Path workDir) {
    Path base = workDir.toAbsolutePath().normalize();
    Path remote = base.resolve("remote.git");
    Path seed = base.resolve("seed");
    if (Files.exists(remote) || Files.exists(seed)) {
      throw new AwoException("The work directory " + base + " already holds a demo repository; "
          + "pass an empty or new --workdir");
    }
    try {
      Files.createDirectories(base);
      git(base, "init", "--quiet", "--bare", "--initial-branch=main", remote.toString());
      git(base, "init", "--quiet", "--initial-branch=main", seed.toString());
      Files.writeString(seed.resolve("README.md"), """
          # Demo repository

          A small repository created by the awo example runner for its demo agent to work on.
          Its "remote" is the bare repository next to it (remote.git), so pushes stay on this machine.
          """, StandardCharsets.UTF_8);
      Files.createDirectories(seed.resolve("src"));
      Files.writeString(seed.resolve("src/Hello.java"), """
          public class Hello {
            public static void main(String[] args) {
              System.out.println("Hello from the demo repository");
            }
          }
          """, StandardCharsets.UTF_8);
      git(seed, "add", "-A");
      git(seed, "commit", "--quiet", "-m", "Initial commit of the demo repository");
      git(seed, "remote", "add", "origin", remote.toString());
      git(seed, "push", "--quiet", "origin", "main");
    } catch (IOException e) {
      throw new AwoException("Could not create the demo repository in " + base + ": " + e.getMessage());
    }
    return new DemoRepository(remote);
  }

  /** The bare repository's absolute path, which work orders use as their repository URL. */
  public String remoteUrl() {
    return remote.toString();
  }

  public Path remote() {
    return remote;
  }

  /** The branches of the remote, e.g. {@code [main, feature-wo-1a2b3c4d-add-a-greeting]}. */
  public List<String> remoteBranches() {
    String out = git(remote, "for-each-ref", "--format=%(refname:short)", "refs/heads");
    return new ArrayList<>(out.lines().filter(l -> !l.isBlank()).toList());
  }

  private static String git(Path dir, String... args) {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    ProcessResult result = ProcessRunner.create().run(ProcessSpec.builder(command).directory(dir)
        .timeout(Duration.ofMinutes(1))
        .env("GIT_AUTHOR_NAME", "awo example runner").env("GIT_AUTHOR_EMAIL", "runner@awo.invalid")
        .env("GIT_COMMITTER_NAME", "awo example runner").env("GIT_COMMITTER_EMAIL", "runner@awo.invalid")
        .env("GIT_TERMINAL_PROMPT", "0").build());
    if (!result.succeeded()) {
      throw new AwoException("Could not set up the demo repository: " + String.join(" ", command) + " "
          + result.describe());
    }
    return result.stdout();
  }
}
