package dev.awo.examples.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real Claude Code CLI ({@code $AWO_CLAUDE_CLI}, else {@code <repo
 * root>/.tools/claude/node_modules/.bin/claude}) and gh ({@code $AWO_GH_CLI}, else {@code gh} on the
 * PATH) for the end-to-end test. A missing one skips the test with instructions, unless {@code
 * AWO_REQUIRE_REAL_CLIS=1}, which makes it fail.
 */
final class RealClis {
  private RealClis() {}

  static Path claude() {
    String fromEnv = System.getenv("AWO_CLAUDE_CLI");
    Path cli = fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv).toAbsolutePath()
        : repositoryRoot().resolve(".tools/claude/node_modules/.bin/claude");
    return require(cli, "Claude Code CLI not found at " + cli + "; install it with 'npm install --prefix "
        + "<repo>/.tools/claude @anthropic-ai/claude-code' or set AWO_CLAUDE_CLI");
  }

  static Path gh() {
    String fromEnv = System.getenv("AWO_GH_CLI");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return require(Path.of(fromEnv).toAbsolutePath(), "gh not found at " + fromEnv + " (AWO_GH_CLI)");
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "gh");
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return candidate.toAbsolutePath();
      }
    }
    return require(Path.of("gh"), "gh not found on the PATH; install it (apt-get install gh) or set AWO_GH_CLI");
  }

  private static Path require(Path cli, String why) {
    if (Files.isExecutable(cli) && !Files.isDirectory(cli)) {
      return cli;
    }
    if ("1".equals(System.getenv("AWO_REQUIRE_REAL_CLIS"))) {
      fail(why + " (AWO_REQUIRE_REAL_CLIS=1 makes this a failure)");
    }
    Assumptions.assumeTrue(false, why);
    return cli;
  }

  private static Path repositoryRoot() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("awo-spi"))) {
        return d;
      }
    }
    return Path.of("").toAbsolutePath();
  }
}
