package dev.awo.claude.internal;

import dev.awo.spi.agent.AgentUnavailableException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the Claude Code CLI before anything runs, so a missing or unusable program is reported with
 * the path tried and how to install it. Internal: no compatibility promise. Thread-safe (stateless).
 */
public final class CliLocator {
  private static final String HOW_TO_INSTALL =
      "Install it with 'npm install -g @anthropic-ai/claude-code' (npm package @anthropic-ai/claude-code) "
          + "or say where the 'claude' program is (AWO_CLAUDE_CLI for the example runner, the cliPath setting of "
          + "ClaudeCodeConfig in code)";

  private CliLocator() {}

  /**
   * The executable for {@code cliPath}: the path itself when it contains '/', else the first match
   * on {@code searchPath} (a PATH value, may be null).
   *
   * @throws AgentUnavailableException when it is missing or not executable
   */
  public static Path locate(String cliPath, String searchPath) {
    if (cliPath.indexOf('/') >= 0) {
      Path path = toPath(cliPath);
      if (!Files.exists(path)) {
        throw new AgentUnavailableException(
            "Claude Code CLI not found at " + path + " (no such file). " + HOW_TO_INSTALL + ".");
      }
      requireExecutable(path);
      return path.toAbsolutePath();
    }
    List<String> tried = new ArrayList<>();
    for (String dir : searchPath == null ? new String[0] : searchPath.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path candidate;
      try {
        candidate = Path.of(dir, cliPath);
      } catch (InvalidPathException e) {
        continue;
      }
      tried.add(dir);
      if (Files.isRegularFile(candidate)) {
        requireExecutable(candidate);
        return candidate.toAbsolutePath();
      }
    }
    throw new AgentUnavailableException("Claude Code CLI '" + cliPath + "' not found on the PATH (searched "
        + (tried.isEmpty() ? "nothing: PATH is empty" : String.join(File.pathSeparator, tried)) + "). "
        + HOW_TO_INSTALL + ".");
  }

  private static void requireExecutable(Path path) {
    if (Files.isDirectory(path)) {
      throw new AgentUnavailableException("Claude Code CLI path " + path + " is a directory, not the program. "
          + "Point it at <install dir>/node_modules/.bin/claude.");
    }
    if (!Files.isExecutable(path)) {
      throw new AgentUnavailableException("Claude Code CLI at " + path + " is not executable "
          + "(permission denied). Run 'chmod +x " + path + "' or reinstall it: " + HOW_TO_INSTALL + ".");
    }
  }

  private static Path toPath(String cliPath) {
    try {
      return Path.of(cliPath);
    } catch (InvalidPathException e) {
      throw new AgentUnavailableException("Claude Code CLI path '" + cliPath + "' is not a valid path. "
          + HOW_TO_INSTALL + ".");
    }
  }
}
