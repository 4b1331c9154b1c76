package dev.awo.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Test repositories made with the real git: bare "remotes" on this machine with a chosen default
 * branch, and a way to run git as a test (or a simulated agent) would, outside the code under test.
 */
final class GitFixture {
  private GitFixture() {}

  /** A bare repository at {@code root/name.git} whose default branch is {@code branch}, with two files. */
  static Path bareRemote(Path root, String name, String branch) {
    Path seed = root.resolve(name + "-seed");
    git(root, "init", "-q", "-b", branch, seed.toString());
    write(seed.resolve("README.md"), "# " + name + "\n\nline one\nline two\n");
    write(seed.resolve("src/App.java"), "class App {}\n");
    git(seed, "add", "-A");
    git(seed, "commit", "-q", "-m", "initial commit");
    Path bare = root.resolve(name + ".git");
    git(root, "clone", "-q", "--bare", seed.toString(), bare.toString());
    return bare;
  }

  /** Adds a commit on {@code branch} of the bare {@code remote} (as another developer would). */
  static String pushCommit(Path remote, String branch, String file, String content) {
    Path work;
    try {
      work = Files.createTempDirectory(remote.getParent(), "push-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    git(remote.getParent(), "clone", "-q", "-b", branch, remote.toString(), work.toString());
    write(work.resolve(file), content);
    git(work, "add", "-A");
    git(work, "commit", "-q", "-m", "update " + file);
    git(work, "push", "-q", "origin", branch);
    return git(work, "rev-parse", "HEAD").strip();
  }

  static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs git in {@code dir} with a neutral environment; fails the test if git fails. */
  static String git(Path dir, String... args) {
    Result result = tryGit(dir, args);
    if (result.exitCode != 0) {
      throw new AssertionError("git " + String.join(" ", args) + " failed (" + result.exitCode + "): " + result.output);
    }
    return result.output;
  }

  record Result(int exitCode, String output) {}

  static Result tryGit(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(k -> k.startsWith("GIT_"));
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_AUTHOR_NAME", "Test");
    env.put("GIT_AUTHOR_EMAIL", "test@localhost");
    env.put("GIT_COMMITTER_NAME", "Test");
    env.put("GIT_COMMITTER_EMAIL", "test@localhost");
    env.put("LC_ALL", "C");
    builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    try {
      Process process = builder.start();
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("git " + String.join(" ", args) + " did not finish");
      }
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** Names of the entries directly inside {@code dir}, sorted; empty if it does not exist. */
  static List<String> entries(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (var stream = Files.list(dir)) {
      return stream.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every file and directory below {@code dir}, relative, sorted. */
  static List<String> tree(Path dir) {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (var stream = Files.walk(dir)) {
      return stream.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
