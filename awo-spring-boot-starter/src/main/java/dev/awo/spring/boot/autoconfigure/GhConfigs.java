package dev.awo.spring.boot.autoconfigure;

import dev.awo.github.GhConfig;
import java.util.function.UnaryOperator;

/** {@link AwoProperties.GitHub} as a {@link GhConfig}. Stateless and thread-safe. */
final class GhConfigs {
  private GhConfigs() {}

  /** The config for {@code github}, with the token of the first set variable of its token variables. */
  static GhConfig from(AwoProperties.GitHub github, UnaryOperator<String> environment) {
    GhConfig.Builder builder = GhConfig.builder().ghPath(github.ghPath()).timeout(github.timeout());
    if (github.host() != null && !github.host().isBlank()) {
      builder.host(github.host());
    }
    github.tokenVariables().stream().map(environment).filter(v -> v != null && !v.isBlank()).findFirst()
        .ifPresent(builder::token);
    return builder.build();
  }
}
