package dev.awo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.claude.ClaudeCodeConfig;
import dev.awo.git.GitSandboxFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("RunnerWiring: what the agent, git and gh get from the runner's environment and options")
class RunnerWiringTest {
  private static final String TOKEN = "ghp_WiringTokenValue1234567890abc";
  @TempDir Path temp;

  private static final Map<String, String> ENV = Map.ofEntries(Map.entry("GH_TOKEN", TOKEN),
      Map.entry("SSH_AUTH_SOCK", "/run/user/1000/ssh-agent.sock"), Map.entry("ANTHROPIC_BASE_URL", "https://gw.example.com"),
      Map.entry("ANTHROPIC_AUTH_TOKEN", "gw-token-1234"), Map.entry("HTTPS_PROXY", "http://proxy:3128"),
      Map.entry("no_proxy", "localhost"), Map.entry("NODE_EXTRA_CA_CERTS", "/etc/corp.pem"),
      Map.entry("CLAUDE_CODE_USE_VERTEX", "1"), Map.entry("CLOUD_ML_REGION", "europe-west4"),
      Map.entry("ANTHROPIC_VERTEX_PROJECT_ID", "acme-ai"), Map.entry("API_TIMEOUT_MS", "600000"),
      Map.entry("GH_HOST", "ghe.example.com"), Map.entry("UNRELATED", "x"));

  @Test
  @DisplayName("the agent gets the API route, the GitHub token (for gh and git), the ssh agent, and the options' model, turns and timeout")
  void agentEnvironmentAndOptions() {
    RunnerOptions options = RunnerOptions.parse("--agent", "claude", "--repo", "https://ghe.example.com/acme/w",
        "--request", "x", "--model", "opus", "--max-turns", "12", "--step-timeout", "45m");
    RunnerWiring.Adapters adapters = RunnerWiring.Adapters.fromEnvironment(ENV);
    try (GitSandboxFactory sandboxes = RunnerWiring.sandboxes(options, temp, adapters)) {
      ClaudeCodeConfig config = RunnerWiring.claudeExecutor(options, sandboxes, adapters).config();
      Map<String, String> env = config.extraEnvironment();

      for (String name : new String[] {"ANTHROPIC_BASE_URL", "ANTHROPIC_AUTH_TOKEN", "HTTPS_PROXY", "no_proxy",
          "NODE_EXTRA_CA_CERTS", "CLAUDE_CODE_USE_VERTEX", "CLOUD_ML_REGION", "ANTHROPIC_VERTEX_PROJECT_ID",
          "API_TIMEOUT_MS", "SSH_AUTH_SOCK", "GH_HOST"}) {
        assertEquals(ENV.get(name), env.get(name), name);
      }
      assertEquals(TOKEN, env.get("GH_TOKEN"));
      assertEquals(TOKEN, env.get("GH_ENTERPRISE_TOKEN"), "a GitHub Enterprise host reads GH_ENTERPRISE_TOKEN");
      assertEquals(TOKEN, env.get("AWO_GIT_TOKEN"));
      assertTrue(env.get("GIT_ASKPASS").startsWith(temp.toString()), env.get("GIT_ASKPASS"));
      assertTrue(env.get("AWO_GIT_ASKPASS_HOSTS").contains("ghe.example.com"), env.get("AWO_GIT_ASKPASS_HOSTS"));
      assertFalse(env.containsKey("UNRELATED"));
      assertEquals("opus", config.model());
      assertEquals(12, config.maxTurns().orElseThrow());
      assertEquals(Duration.ofMinutes(45), config.timeout());
      assertFalse(config.toString().contains(TOKEN), config.toString());
    }
  }

  @Test
  @DisplayName("awo's gh gets the token and the host; awo's git the proxies")
  void ghAndGit() {
    RunnerWiring.Adapters adapters = RunnerWiring.Adapters.fromEnvironment(ENV);
    assertEquals(TOKEN, adapters.gh().token().orElseThrow());
    assertEquals("ghe.example.com", adapters.gh().host().orElseThrow());
    assertEquals("http://proxy:3128", adapters.gitEnvironment().get("HTTPS_PROXY"));
    assertEquals("localhost", adapters.gitEnvironment().get("no_proxy"));
    assertFalse(adapters.toString().contains(TOKEN), adapters.toString());
    assertEquals("ghp_other1234", RunnerWiring.Adapters.fromEnvironment(Map.of("GITHUB_TOKEN", "ghp_other1234")).token());
  }
}
