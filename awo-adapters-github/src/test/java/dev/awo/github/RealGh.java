package dev.awo.github;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the real gh for tests: env {@code AWO_GH_CLI}, else {@code gh} on PATH. When it is absent the
 * test is skipped with a message, unless {@code AWO_REQUIRE_REAL_CLIS=1}, in which case it fails.
 */
final class RealGh {
  private RealGh() {}

  /** The path of the real gh, or skips/fails the calling test. */
  static String require() {
    Optional<Path> found = locate();
    String why = "the real GitHub CLI (gh 2.23) is needed: install it with `apt-get install -y gh` "
        + "or point AWO_GH_CLI at it";
    if (found.isEmpty()) {
      if ("1".equals(System.getenv("AWO_REQUIRE_REAL_CLIS"))) {
        Assertions.fail(why + " (AWO_REQUIRE_REAL_CLIS=1 forbids skipping)");
      }
      Assumptions.assumeTrue(false, why);
    }
    return found.get().toString();
  }

  static Optional<Path> locate() {
    String configured = System.getenv("AWO_GH_CLI");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    String pathVar = System.getenv("PATH");
    if (pathVar == null) {
      return Optional.empty();
    }
    for (String dir : pathVar.split(File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "gh");
      if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}
