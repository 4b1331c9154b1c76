package dev.awo.claude;

import dev.awo.claude.mock.MockAnthropicServer;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.agent.AgentRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per test: the real CLI, a fresh mock Anthropic API on 127.0.0.1, a sandbox directory and a base
 * directory for isolated HOMEs. Tests extend it.
 */
abstract class RealCliFixture {
  static final String API_KEY = "dummy-test-key";
  static final WorkOrderId WORK_ORDER = WorkOrderId.of("wo-0000c1a0");

  @TempDir Path temp;
  Path cli;
  Path sandbox;
  Path homes;
  MockAnthropicServer api;

  @BeforeEach
  void startFixture() throws IOException {
    cli = RealClaudeCli.require();
    sandbox = Files.createDirectories(temp.resolve("sandbox"));
    homes = Files.createDirectories(temp.resolve("homes"));
    api = MockAnthropicServer.start();
  }

  @AfterEach
  void stopFixture() {
    if (api != null) {
      api.close();
    }
  }

  /** A config pointing the real CLI at the mock, with retries off and an isolated HOME. */
  ClaudeCodeConfig.Builder config() {
    return ClaudeCodeConfig.builder()
        .cliPath(cli)
        .model("sonnet")
        .skipPermissions(true)
        .apiKey(API_KEY)
        .isolatedHome(homes)
        .timeout(Duration.ofSeconds(90))
        .environment("ANTHROPIC_BASE_URL", api.baseUrl().toString())
        .environment("CLAUDE_CODE_MAX_RETRIES", "0");
  }

  ClaudeCodeExecutor executor() {
    return new ClaudeCodeExecutor(config().build());
  }

  AgentRequest request(String prompt) {
    return AgentRequest.of(WORK_ORDER, "plan", prompt, sandbox);
  }

  /** PIDs of this JVM's live descendants whose command line mentions {@code needle}. */
  static Set<ProcessHandle> descendantsMatching(String needle) {
    Set<ProcessHandle> found = new HashSet<>();
    ProcessHandle.current().descendants().forEach(p -> {
      String cmd = p.info().commandLine().orElse(p.info().command().orElse(""));
      if (cmd.contains(needle)) {
        found.add(p);
      }
    });
    return found;
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
