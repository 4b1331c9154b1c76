package dev.awo.spring.boot.autoconfigure;

import dev.awo.claude.ClaudeCodeConfig;
import java.util.function.UnaryOperator;

/** {@link AwoProperties.Agent} as a {@link ClaudeCodeConfig}. Stateless and thread-safe. */
final class ClaudeConfigs {
  private ClaudeConfigs() {}

  /**
   * The config for {@code agent}; {@code environment} reads this process's variables (the API key
   * and the pass-through names). Variables that are not set are not passed.
   */
  static ClaudeCodeConfig from(AwoProperties.Agent agent, UnaryOperator<String> environment) {
    ClaudeCodeConfig.Builder builder = ClaudeCodeConfig.builder()
        .cliPath(agent.cliPath()).model(agent.model()).maxTurns(agent.maxTurns())
        .timeout(agent.stepTimeout()).skipPermissions(agent.skipPermissions());
    String apiKey = environment.apply(agent.apiKeyVariable());
    if (apiKey != null && !apiKey.isBlank()) {
      builder.apiKey(apiKey);
    }
    for (String name : agent.environmentPassThrough()) {
      String value = environment.apply(name);
      if (value != null) {
        builder.environment(name, value);
      }
    }
    return builder.build();
  }
}
