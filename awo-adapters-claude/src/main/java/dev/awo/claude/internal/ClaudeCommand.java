package dev.awo.claude.internal;

import dev.awo.claude.ClaudeCodeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The argument vector and environment for one CLI run. The prompt is not an argument: it goes to
 * standard input, so prompts beyond the kernel's 128 KiB per-argument limit work and no user text
 * can pose as an option. Internal: no compatibility promise. Thread-safe (immutable).
 *
 * @param arguments the full argument vector, program first
 * @param environment the variables to set on top of the inherited ones
 */
public record ClaudeCommand(List<String> arguments, Map<String, String> environment) {
  /** Variables passed through from the JVM's environment (HOME only when not isolated). */
  public static final List<String> INHERITED =
      List.of("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ", "USER", "LOGNAME");

  public ClaudeCommand {
    arguments = List.copyOf(arguments);
    environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
  }

  /**
   * @param home the HOME to set, or null to inherit the JVM's
   */
  public static ClaudeCommand of(
      Path cli, ClaudeCodeConfig config, String model, Integer maxTurns, String resumeSessionId, Path home) {
    List<String> args = new ArrayList<>(List.of(
        cli.toString(), "-p", "--output-format", "stream-json", "--verbose", "--model", model));
    if (maxTurns != null) {
      args.add("--max-turns");
      args.add(Integer.toString(maxTurns));
    }
    if (config.skipPermissions()) {
      args.add("--dangerously-skip-permissions");
    }
    if (resumeSessionId != null) {
      args.add("--resume");
      args.add(resumeSessionId);
    }
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1");
    env.put("DISABLE_TELEMETRY", "1");
    env.put("DISABLE_AUTOUPDATER", "1");
    if (config.skipPermissions()) {
      env.put("IS_SANDBOX", "1");
    }
    env.putAll(config.extraEnvironment());
    config.apiKey().ifPresent(key -> env.put("ANTHROPIC_API_KEY", key));
    if (home != null) {
      env.put("HOME", home.toString());
    }
    return new ClaudeCommand(args, env);
  }
}
