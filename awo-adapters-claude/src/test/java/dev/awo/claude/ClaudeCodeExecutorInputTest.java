package dev.awo.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.InvalidInputException;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.agent.AgentRequest;
import dev.awo.spi.agent.AgentUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("ClaudeCodeExecutor refuses what it cannot run, before running anything")
class ClaudeCodeExecutorInputTest {
  private static final WorkOrderId ID = WorkOrderId.of("wo-00000001");

  @TempDir Path temp;

  @Test
  @DisplayName("a CLI path that does not exist names the path and the npm package to install")
  void missingCliPath() {
    Path missing = temp.resolve("nowhere/claude");
    ClaudeCodeExecutor executor = new ClaudeCodeExecutor(ClaudeCodeConfig.builder().cliPath(missing).build());

    AgentUnavailableException e = assertThrows(AgentUnavailableException.class,
        () -> executor.execute(AgentRequest.of(ID, "plan", "hi", temp), event -> {}));

    assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("npm install -g @anthropic-ai/claude-code"), e.getMessage());
  }

  @Test
  @DisplayName("a CLI name not on the PATH says which directories were searched")
  void cliNotOnPath() {
    ClaudeCodeExecutor executor = new ClaudeCodeExecutor(ClaudeCodeConfig.builder()
        .cliPath("claude-not-installed-here").environment("PATH", temp.toString()).build());

    AgentUnavailableException e = assertThrows(AgentUnavailableException.class,
        () -> executor.execute(AgentRequest.of(ID, "plan", "hi", temp), event -> {}));

    assertTrue(e.getMessage().contains("'claude-not-installed-here' not found on the PATH (searched " + temp + ")"),
        e.getMessage());
    assertTrue(e.getMessage().contains("@anthropic-ai/claude-code"));
  }

  @Test
  @DisplayName("a CLI file without execute permission is reported as not executable")
  void cliNotExecutable() throws Exception {
    Path file = Files.writeString(temp.resolve("claude"), "#!/bin/sh\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    ClaudeCodeExecutor executor = new ClaudeCodeExecutor(ClaudeCodeConfig.builder().cliPath(file).build());

    AgentUnavailableException e = assertThrows(AgentUnavailableException.class,
        () -> executor.execute(AgentRequest.of(ID, "plan", "hi", temp), event -> {}));

    assertTrue(e.getMessage().contains(file + " is not executable"), e.getMessage());
  }

  @Test
  @DisplayName("a model that would pose as an option is refused")
  void optionLikeModelIsRefused() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> ClaudeCodeConfig.builder().model("--dangerously-skip-permissions"));
    assertEquals("model", e.field());

    ClaudeCodeExecutor executor = new ClaudeCodeExecutor(ClaudeCodeConfig.builder().cliPath(temp.resolve("x")).build());
    AgentRequest request = new AgentRequest(ID, "plan", "hi", temp, "-x", null, null, null);
    assertEquals("model", assertThrows(InvalidInputException.class, () -> executor.execute(request, e2 -> {})).field());
  }

  @Test
  @DisplayName("a resume session id that is not an id is refused")
  void badSessionIdIsRefused() {
    ClaudeCodeExecutor executor = new ClaudeCodeExecutor(ClaudeCodeConfig.builder().cliPath(temp.resolve("x")).build());
    AgentRequest request = AgentRequest.of(ID, "plan", "hi", temp).withResume("--help");

    InvalidInputException e = assertThrows(InvalidInputException.class, () -> executor.execute(request, x -> {}));

    assertEquals("resumeSessionId", e.field());
  }

  @Test
  @DisplayName("a working directory that does not exist is refused")
  void missingWorkingDirectory() {
    ClaudeCodeExecutor executor = new ClaudeCodeExecutor(ClaudeCodeConfig.builder().cliPath(temp.resolve("x")).build());
    AgentRequest request = AgentRequest.of(ID, "plan", "hi", temp.resolve("gone"));

    assertEquals("workingDirectory",
        assertThrows(InvalidInputException.class, () -> executor.execute(request, x -> {})).field());
  }

  @Test
  @DisplayName("the configuration refuses bad values at once and never prints the API key")
  void configValidation() {
    assertThrows(InvalidInputException.class, () -> ClaudeCodeConfig.builder().maxTurns(0));
    assertThrows(InvalidInputException.class, () -> ClaudeCodeConfig.builder().timeout(java.time.Duration.ZERO));
    assertThrows(InvalidInputException.class, () -> ClaudeCodeConfig.builder().environment("BAD=NAME", "x"));
    assertThrows(InvalidInputException.class, () -> ClaudeCodeConfig.builder().isolatedHome(Path.of("relative")));
    assertThrows(InvalidInputException.class, () -> ClaudeCodeConfig.builder().cliPath("--version"));
    String shown = ClaudeCodeConfig.builder().apiKey("sk-very-secret-value").build().toString();
    assertTrue(!shown.contains("sk-very-secret-value") && shown.contains("apiKey=***"), shown);
  }
}
