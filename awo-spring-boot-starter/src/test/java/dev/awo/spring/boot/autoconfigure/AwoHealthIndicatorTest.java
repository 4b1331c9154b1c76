package dev.awo.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import dev.awo.testkit.ScriptedPorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class AwoHealthIndicatorTest {
  @TempDir Path temp;

  @Test
  void aMissingAgentCliMakesAwoDownWithTheReason() {
    String missing = temp.resolve("no-such-dir/claude").toString();
    TestContexts.awo().withPropertyValues("awo.agent.cli-path=" + missing).run(context -> {
      Health health = context.getBean(AwoHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.DOWN);
      Map<?, ?> claude = (Map<?, ?>) health.getDetails().get("claude");
      assertThat(claude.get("present")).isEqualTo(false);
      assertThat((String) claude.get("error")).contains(missing);
      assertThat(health.getDetails().get("store")).isEqualTo(Map.of("reachable", true, "running_work_orders", 0));
    });
  }

  @Test
  void aPresentCliAndAnAuthenticatedGhAreUpWithTheirVersions() throws IOException {
    Path claude = script("claude", "echo '2.1.197 (Claude Code)'");
    Path gh = script("gh", "if [ \"$1\" = auth ]; then echo 'Logged in to github.com' >&2; exit 0; fi\n"
        + "echo 'gh version 2.46.0 (2024-03-01)'");
    TestContexts.awo().withPropertyValues("awo.agent.cli-path=" + claude, "awo.github.enabled=true",
        "awo.github.gh-path=" + gh).run(context -> {
          Health health = context.getBean(AwoHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.UP);
          assertThat(health.getDetails().get("claude"))
              .isEqualTo(Map.of("present", true, "version", "2.1.197 (Claude Code)"));
          Map<?, ?> ghDetails = (Map<?, ?>) health.getDetails().get("gh");
          assertThat(ghDetails.get("version")).isEqualTo("gh version 2.46.0 (2024-03-01)");
          assertThat(ghDetails.get("authenticated")).isEqualTo(true);
        });
  }

  @Test
  void anUnauthenticatedGhMakesAwoDownAndSaysHowToLogIn() throws IOException {
    Path claude = script("claude", "echo '2.1.197 (Claude Code)'");
    Path gh = script("gh", "if [ \"$1\" = auth ]; then echo 'You are not logged into any GitHub hosts' >&2; exit 1; fi\n"
        + "echo 'gh version 2.46.0'");
    TestContexts.awo().withPropertyValues("awo.agent.cli-path=" + claude, "awo.github.enabled=true",
        "awo.github.gh-path=" + gh).run(context -> {
          Health health = context.getBean(AwoHealthIndicator.class).health();
          assertThat(health.getStatus()).isEqualTo(Status.DOWN);
          Map<?, ?> ghDetails = (Map<?, ?>) health.getDetails().get("gh");
          assertThat(ghDetails.get("authenticated")).isEqualTo(false);
          assertThat((String) ghDetails.get("error")).contains("gh auth login");
        });
  }

  @Test
  void anApplicationAgentIsNotCheckedAsACli() {
    TestContexts.awo().withUserConfiguration(ScriptedPorts.class).run(context -> {
      Health health = context.getBean(AwoHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).doesNotContainKey("claude");
    });
  }

  private Path script(String name, String body) throws IOException {
    Path file = temp.resolve(name);
    Files.writeString(file, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
