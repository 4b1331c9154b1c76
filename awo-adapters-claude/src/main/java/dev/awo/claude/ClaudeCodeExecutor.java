package dev.awo.claude;

import dev.awo.claude.internal.ClaudeCommand;
import dev.awo.claude.internal.CliLocator;
import dev.awo.claude.internal.OutcomeJudge;
import dev.awo.claude.internal.StreamCollector;
import dev.awo.domain.InvalidInputException;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentExecutor;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.spi.agent.AgentRequest;
import dev.awo.spi.agent.AgentUnavailableException;
import dev.awo.spi.process.BoundedText;
import dev.awo.spi.process.ExecutableNotFoundException;
import dev.awo.spi.process.ProcessResult;
import dev.awo.spi.process.ProcessRunner;
import dev.awo.spi.process.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Claude Code CLI as an {@link AgentExecutor}. Each call runs {@code claude -p --output-format
 * stream-json --verbose} in the request's working directory with the prompt on standard input,
 * turns every stdout line into {@link AgentEvent}s while the CLI runs, and judges the outcome from
 * the exit code and the final result line.
 *
 * <pre>{@code
 * AgentExecutor claude = new ClaudeCodeExecutor(ClaudeCodeConfig.builder()
 *     .skipPermissions(true).isolatedHome(homes).build());
 * AgentOutcome outcome = claude.execute(AgentRequest.of(id, "plan", prompt, sandboxDir), listener::onEvent);
 * AgentOutcome followUp = claude.execute(
 *     AgentRequest.of(id, "prompt", "Also add tests", sandboxDir).withResume(outcome.sessionId()), e -> {});
 * }</pre>
 *
 * <ul>
 *   <li>Memory stays bounded whatever the transcript size: stdout is not captured, only the last
 *       result, the session id and the last assistant text are kept.
 *   <li>A timeout or an interrupt of the calling thread kills the CLI's whole process tree; the
 *       outcome says which, and an interrupt leaves the thread's interrupt flag set.
 *   <li>The API key and secret-looking variables never reach events, outputs or logs.
 *   <li>A missing or non-executable CLI throws {@link AgentUnavailableException} before anything runs.
 * </ul>
 *
 * <p>This class is thread-safe: one instance may serve any number of concurrent work orders.
 */
public final class ClaudeCodeExecutor implements AgentExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(ClaudeCodeExecutor.class);
  private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,127}");
  private static final int STDERR_CHARS = 8 * 1024;

  private final ClaudeCodeConfig config;
  private final ProcessRunner runner;
  private final StreamJsonParser parser;

  public ClaudeCodeExecutor(ClaudeCodeConfig config) {
    this.config = Objects.requireNonNull(config, "config");
    this.runner = ProcessRunner.create();
    this.parser = new StreamJsonParser(config.maxOutputChars());
  }

  /** The configuration this executor runs with. */
  public ClaudeCodeConfig config() {
    return config;
  }

  @Override
  public AgentOutcome execute(AgentRequest request, Consumer<AgentEvent> events) {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(events, "events");
    String model = ClaudeCodeConfig.checkModel(request.model() != null ? request.model() : config.model());
    String resume = checkSessionId(request.resumeSessionId());
    Integer maxTurns = request.maxTurns() != null ? request.maxTurns() : config.maxTurns().orElse(null);
    Duration timeout = request.timeout() != null ? request.timeout() : config.timeout();
    if (!Files.isDirectory(request.workingDirectory())) {
      throw new InvalidInputException("workingDirectory", "is not an existing directory: " + request.workingDirectory());
    }
    String searchPath = config.extraEnvironment().getOrDefault("PATH", System.getenv("PATH"));
    Path cli = CliLocator.locate(config.cliPath(), searchPath);
    Path home = isolatedHomeFor(request);

    ClaudeCommand command = ClaudeCommand.of(cli, config, model, maxTurns, resume, home, System.getenv());
    StreamCollector stream = new StreamCollector(parser, events);
    BoundedText stderr = new BoundedText(STDERR_CHARS);
    ProcessSpec spec = ProcessSpec.builder(command.arguments())
        .directory(request.workingDirectory())
        .inherit(inherited(home))
        .env(command.environment())
        .secrets(command.secrets())
        .stdin(request.prompt())
        .timeout(timeout)
        .killGrace(config.killGrace())
        .onStdoutLine(stream)
        .onStderrLine(stderr::appendLine)
        .maxCapturedChars(0)
        .maxLineChars(config.maxLineChars())
        .build();

    LOG.atInfo().setMessage("agent_run_started")
        .addKeyValue("work_order_id", request.workOrderId().value())
        .addKeyValue("step", request.step())
        .addKeyValue("model", model)
        .addKeyValue("max_turns", maxTurns)
        .addKeyValue("resume_session_id", resume)
        .addKeyValue("prompt_chars", request.prompt().length())
        .log();
    ProcessResult result;
    try {
      result = runner.run(spec);
    } catch (ExecutableNotFoundException e) {
      throw new AgentUnavailableException("Claude Code CLI at " + cli + " could not be started: "
          + e.getMessage() + ". Install it with 'npm install -g " + ClaudeCodeConfig.NPM_PACKAGE + "'.", e);
    } finally {
      stream.close();
    }
    AgentOutcome outcome = new OutcomeJudge(timeout, maxTurns, resume, config.maxOutputChars())
        .judge(result, stream, spec.redactor().redact(stderr.toString()));
    log(request, result, stream, outcome);
    return outcome;
  }

  /**
   * Checks that the CLI starts, before any work is handed to it: runs {@code claude --version} with
   * the configured program and environment and returns what it printed (e.g. {@code 2.1.197
   * (Claude Code)}).
   *
   * @throws AgentUnavailableException when the program is missing, not executable, or fails
   */
  public String version() {
    String searchPath = config.extraEnvironment().getOrDefault("PATH", System.getenv("PATH"));
    Path cli = CliLocator.locate(config.cliPath(), searchPath);
    ClaudeCommand command = ClaudeCommand.of(cli, config, config.model(), null, null, null, System.getenv());
    ProcessSpec spec = ProcessSpec.builder(cli.toString(), "--version")
        .inherit(inherited(null))
        .env(command.environment())
        .secrets(command.secrets())
        .timeout(Duration.ofSeconds(30))
        .killGrace(config.killGrace())
        .build();
    ProcessResult result;
    try {
      result = runner.run(spec);
    } catch (ExecutableNotFoundException e) {
      throw new AgentUnavailableException("Claude Code CLI at " + cli + " could not be started: " + e.getMessage(), e);
    }
    String printed = result.stdout().strip();
    if (!result.succeeded() || printed.isEmpty()) {
      throw new AgentUnavailableException("Claude Code CLI at " + cli + " does not start ('claude --version' "
          + result.describe() + ")");
    }
    return printed.lines().findFirst().orElse(printed);
  }

  private Path isolatedHomeFor(AgentRequest request) {
    if (config.isolatedHome().isEmpty()) {
      return null;
    }
    Path home = config.isolatedHome().get().resolve(request.workOrderId().value());
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new InvalidInputException("isolatedHome", "cannot create " + home + ": " + e.getMessage());
    }
    return home;
  }

  private static String[] inherited(Path home) {
    List<String> names = new ArrayList<>(ClaudeCommand.INHERITED);
    if (home == null) {
      names.add("HOME");
    }
    return names.toArray(String[]::new);
  }

  private static String checkSessionId(String sessionId) {
    if (sessionId != null && !SESSION_ID.matcher(sessionId).matches()) {
      throw new InvalidInputException("resumeSessionId",
          "expected a Claude session id such as 'eae5942f-0314-460a-887a-68da3c2d478c' (letters, digits, '-', '_')");
    }
    return sessionId;
  }

  private static void log(AgentRequest request, ProcessResult result, StreamCollector stream, AgentOutcome outcome) {
    var event = outcome.success() ? LOG.atInfo().setMessage("agent_run_succeeded")
        : LOG.atWarn().setMessage("agent_run_failed").addKeyValue("error", outcome.errorMessage());
    event.addKeyValue("work_order_id", request.workOrderId().value())
        .addKeyValue("step", request.step())
        .addKeyValue("session_id", outcome.sessionId())
        .addKeyValue("exit_code", result.exitCode())
        .addKeyValue("duration_ms", result.duration().toMillis())
        .addKeyValue("cost_usd", outcome.costUsd())
        .addKeyValue("turns", outcome.turns())
        .addKeyValue("events", stream.events())
        .addKeyValue("malformed_lines", stream.malformedLines())
        .log();
  }
}
