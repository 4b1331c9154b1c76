package dev.awo.claude;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A stand-in for the CLI, for tests of what the executor does with output the real CLI cannot be
 * made to print on demand: a shell script that records its arguments, environment and stdin in its
 * directory, prints a given transcript and exits with a given code.
 */
final class FakeCli {
  final Path dir;
  final Path script;

  private FakeCli(Path dir, Path script) {
    this.dir = dir;
    this.script = script;
  }

  static FakeCli create(Path dir, List<String> transcript, int exitCode) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve("transcript.jsonl"), transcript);
      Path script = dir.resolve("claude");
      Files.writeString(script, "#!/bin/sh\n"
          + "d='" + dir + "'\n"
          + "printf '%s\\n' \"$@\" > \"$d/args.txt\"\n"
          + "env > \"$d/env.txt\"\n"
          + "cat > \"$d/stdin.txt\"\n"
          + "cat \"$d/transcript.jsonl\"\n"
          + "exit " + exitCode + "\n");
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      return new FakeCli(dir, script);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  List<String> args() {
    return lines("args.txt");
  }

  List<String> env() {
    return lines("env.txt");
  }

  String stdin() {
    try {
      return Files.readString(dir.resolve("stdin.txt"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private List<String> lines(String name) {
    try {
      return Files.readAllLines(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
