package dev.awo.claude;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.claude.internal.ClaudeCommand;
import dev.awo.domain.InvalidInputException;
import dev.awo.spi.agent.AgentUnavailableException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The agent's environment: the API route passed through, explicit extras, secrets kept out")
class AgentEnvironmentTest {
  private static final Map<String, String> JVM = Map.ofEntries(
      Map.entry("ANTHROPIC_BASE_URL", "https://gateway.example.com"), Map.entry("ANTHROPIC_AUTH_TOKEN", "gw-token-123456"),
      Map.entry("HTTPS_PROXY", "http://proxy.example.com:3128"), Map.entry("no_proxy", "localhost,127.0.0.1"),
      Map.entry("NODE_EXTRA_CA_CERTS", "/etc/ssl/corp.pem"), Map.entry("CLAUDE_CODE_USE_BEDROCK", "1"),
      Map.entry("AWS_REGION", "eu-west-1"), Map.entry("AWS_SECRET_ACCESS_KEY", "aws-secret-123456"),
      Map.entry("ANTHROPIC_CUSTOM_HEADERS", "X-Gateway-Key: hdr-secret-123456"),
      Map.entry("GH_TOKEN", "ghp_AgentTokenValue1234567890"), Map.entry("UNRELATED", "x"));

  @TempDir Path temp;

  private static ClaudeCommand command(ClaudeCodeConfig config) {
    return ClaudeCommand.of(Path.of("/bin/claude"), config, "sonnet", null, null, null, JVM);
  }

  @Test
  @DisplayName("by default the variables the CLI reads to reach its API are passed, nothing else")
  void passesApiRouteByDefault() {
    Map<String, String> env = command(ClaudeCodeConfig.defaults()).environment();

    for (String name : List.of("ANTHROPIC_BASE_URL", "ANTHROPIC_AUTH_TOKEN", "HTTPS_PROXY", "no_proxy",
        "NODE_EXTRA_CA_CERTS", "CLAUDE_CODE_USE_BEDROCK", "AWS_REGION", "AWS_SECRET_ACCESS_KEY", "ANTHROPIC_CUSTOM_HEADERS")) {
      assertEquals(JVM.get(name), env.get(name), name);
    }
    assertFalse(env.containsKey("GH_TOKEN"));
    assertFalse(env.containsKey("UNRELATED"));
  }

  @Test
  @DisplayName("passEnvironment adds names; environment(...) wins; passApiEnvironment(false) turns the default set off")
  void explicitPassAndOverride() {
    ClaudeCodeConfig config = ClaudeCodeConfig.builder().passEnvironment("GH_TOKEN")
        .environment("ANTHROPIC_BASE_URL", "http://127.0.0.1:9").build();
    Map<String, String> env = command(config).environment();
    assertEquals(JVM.get("GH_TOKEN"), env.get("GH_TOKEN"));
    assertEquals("http://127.0.0.1:9", env.get("ANTHROPIC_BASE_URL"));

    Map<String, String> off = command(ClaudeCodeConfig.builder().passApiEnvironment(false).build()).environment();
    assertFalse(off.containsKey("ANTHROPIC_BASE_URL"));
    assertFalse(off.containsKey("HTTPS_PROXY"));
    assertThrows(InvalidInputException.class, () -> ClaudeCodeConfig.builder().passEnvironment("NOT-A-NAME"));
  }

  @Test
  @DisplayName("values that are secret although their names do not say so are listed for redaction")
  void secretValuesAreRedactable() {
    ClaudeCommand command = command(ClaudeCodeConfig.defaults());

    assertTrue(command.secrets().contains(JVM.get("ANTHROPIC_CUSTOM_HEADERS")), command.secrets().toString());
    assertFalse(ClaudeCodeConfig.builder().passEnvironment("GH_TOKEN").build().toString().contains("ghp_"));
  }

  @Test
  @DisplayName("an added secret never reaches an event, the output or the error: the CLI printing it is redacted")
  void secretsAreRedactedFromEvents() throws Exception {
    String secret = "hdr-secret-value-987654";
    FakeCli cli = FakeCli.create(temp.resolve("cli"), List.of(
        "{\"type\":\"system\",\"subtype\":\"init\",\"session_id\":\"s-1\",\"cwd\":\"/x\",\"model\":\"m\",\"tools\":[]}",
        "{\"type\":\"result\",\"subtype\":\"success\",\"is_error\":false,\"result\":\"header " + secret
            + "\",\"session_id\":\"s-1\",\"num_turns\":1,\"total_cost_usd\":0.01}"), 0);
    ClaudeCodeExecutor executor = new ClaudeCodeExecutor(ClaudeCodeConfig.builder().cliPath(cli.script)
        .environment("ANTHROPIC_CUSTOM_HEADERS", "X-Key: " + secret).build());
    List<dev.awo.spi.agent.AgentEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();

    var outcome = executor.execute(dev.awo.spi.agent.AgentRequest.of(dev.awo.domain.WorkOrderId.of("wo-00000e01"),
        "plan", "prompt", temp), events::add);

    assertTrue(cli.env().contains("ANTHROPIC_CUSTOM_HEADERS=X-Key: " + secret), "the CLI got the variable");
    assertFalse(outcome.output().contains(secret), outcome.output());
    assertFalse(events.toString().contains(secret), events.toString());
  }

  @Test
  @DisplayName("version() runs claude --version; a CLI that fails to start is AgentUnavailableException")
  void versionChecksTheCliStarts() throws Exception {
    FakeCli broken = FakeCli.create(temp.resolve("broken"), List.of(), 3);
    AgentUnavailableException e = assertThrows(AgentUnavailableException.class,
        () -> new ClaudeCodeExecutor(ClaudeCodeConfig.builder().cliPath(broken.script).build()).version());
    assertTrue(e.getMessage().contains("--version"), e.getMessage());

    assertThrows(AgentUnavailableException.class, () -> new ClaudeCodeExecutor(ClaudeCodeConfig.builder()
        .cliPath(temp.resolve("missing/claude")).build()).version());
  }
}
