package dev.awo.spi.agent;

import dev.awo.domain.AwoException;

/** The agent program cannot be started (missing, not executable); the message says how to fix it. */
public class AgentUnavailableException extends AwoException {
  private static final long serialVersionUID = 1L;

  public AgentUnavailableException(String message) {
    super(message);
  }

  public AgentUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
