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
 * @param secrets values to redact whose variable names do not say they are secret
 */
public record ClaudeCommand(List<String> arguments, Map<String, String> environment, List<String> secrets) {
  /** Variables passed through from the JVM's environment (HOME only when not isolated). */
  public static final List<String> INHERITED =
      List.of("PATH", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TZ", "USER", "LOGNAME");

  public ClaudeCommand {
    arguments = List.copyOf(arguments);
    environment = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    secrets = List.copyOf(secrets);
  }

  /**
   * @param home the HOME to set, or null to inherit the JVM's
   * @param jvmEnvironment where passed-through variables are read from (this JVM's environment)
   */
  public static ClaudeCommand of(Path cli, ClaudeCodeConfig config, String model, Integer maxTurns,
      String resumeSessionId, Path home, Map<String, String> jvmEnvironment) {
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
    List<String> secrets = new ArrayList<>();
    for (String name : config.passedEnvironment()) {
      String value = jvmEnvironment.get(name);
      if (value != null && !value.isEmpty() && value.indexOf('\0') < 0) {
        env.put(name, value);
      }
    }
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
    for (String name : ClaudeCodeConfig.SECRET_VARIABLES) {
      String value = env.get(name);
      if (value != null) {
        secrets.add(value);
        // custom headers: "Name: value" lines, each value a secret of its own
        value.lines().map(line -> line.substring(line.indexOf(':') + 1).strip()).forEach(secrets::add);
      }
    }
    return new ClaudeCommand(args, env, secrets);
  }
}
