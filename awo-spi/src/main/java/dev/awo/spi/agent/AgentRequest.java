package dev.awo.spi.agent;

import static dev.awo.spi.Arguments.requirePositive;
import static dev.awo.spi.Arguments.requirePresent;
import static dev.awo.spi.Arguments.requireText;

import dev.awo.domain.InvalidInputException;
import dev.awo.domain.WorkOrderId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * One prompt for an agent to carry out in a working directory.
 *
 * <p>Immutable and thread-safe.
 *
 * @param workOrderId the work order it belongs to
 * @param step the step it serves, e.g. {@code plan}
 * @param prompt the full prompt text
 * @param workingDirectory an absolute directory the agent works in (the sandbox)
 * @param model the model to use, or null for the executor's default
 * @param timeout how long it may run, or null for the executor's default
 * @param maxTurns the most agent turns, or null for no limit beyond the executor's
 * @param resumeSessionId a session to continue (follow-up prompts), or null for a new one
 */
public record AgentRequest(
    WorkOrderId workOrderId,
    String step,
    String prompt,
    Path workingDirectory,
    String model,
    Duration timeout,
    Integer maxTurns,
    String resumeSessionId) {

  public AgentRequest {
    requirePresent(workOrderId, "workOrderId");
    requireText(step, "step");
    requireText(prompt, "prompt");
    requirePresent(workingDirectory, "workingDirectory");
    if (!workingDirectory.isAbsolute()) {
      throw new InvalidInputException("workingDirectory", "must be absolute, got " + workingDirectory);
    }
    if (timeout != null) {
      dev.awo.spi.Arguments.requirePositive(timeout, "timeout");
    }
    if (maxTurns != null) {
      requirePositive(maxTurns, "maxTurns");
    }
    if (resumeSessionId != null) {
      requireText(resumeSessionId, "resumeSessionId");
    }
  }

  /** A new-session request with the executor's defaults for model, timeout and turns. */
  public static AgentRequest of(WorkOrderId workOrderId, String step, String prompt, Path workingDirectory) {
    return new AgentRequest(workOrderId, step, prompt, workingDirectory, null, null, null, null);
  }

  public AgentRequest withResume(String sessionId) {
    return new AgentRequest(workOrderId, step, prompt, workingDirectory, model, timeout, maxTurns, sessionId);
  }

  public AgentRequest withTimeout(Duration newTimeout) {
    return new AgentRequest(workOrderId, step, prompt, workingDirectory, model, newTimeout, maxTurns, resumeSessionId);
  }

  public Optional<String> resume() {
    return Optional.ofNullable(resumeSessionId);
  }
}
