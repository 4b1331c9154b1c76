package dev.awo.claude;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real Claude Code CLI for tests: {@code $AWO_CLAUDE_CLI}, else
 * {@code <repo root>/.tools/claude/node_modules/.bin/claude}. When it is absent a test is skipped
 * with instructions, unless {@code AWO_REQUIRE_REAL_CLIS=1}, in which case it fails.
 */
public final class RealClaudeCli {
  public static final String VERSION = "2.1.197";
  private static final String INSTALL = "install it with 'npm install --prefix <repo>/.tools/claude "
      + "@anthropic-ai/claude-code@" + VERSION + "' or set AWO_CLAUDE_CLI to its path";

  private RealClaudeCli() {}

  /** The CLI's path; skips (or, when required, fails) the calling test when it is missing. */
  public static Path require() {
    Path cli = candidate();
    if (Files.isExecutable(cli) && !Files.isDirectory(cli)) {
      return cli;
    }
    String why = "Claude Code CLI " + VERSION + " not found at " + cli + "; " + INSTALL;
    if ("1".equals(System.getenv("AWO_REQUIRE_REAL_CLIS"))) {
      fail(why + " (AWO_REQUIRE_REAL_CLIS=1 makes this a failure)");
    }
    Assumptions.assumeTrue(false, why);
    return cli;
  }

  private static Path candidate() {
    String fromEnv = System.getenv("AWO_CLAUDE_CLI");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return Path.of(fromEnv).toAbsolutePath();
    }
    return repositoryRoot().resolve(".tools/claude/node_modules/.bin/claude");
  }

  /** The nearest directory upwards from the working directory that holds {@code awo-spi}. */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    for (Path d = dir; d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("awo-spi"))) {
        return d;
      }
    }
    return dir;
  }
}
