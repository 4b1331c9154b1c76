package dev.awo.spi.agent;

import java.util.function.Consumer;

/**
 * Runs one prompt with an AI coding agent. awo-adapters-claude implements it with the Claude Code
 * CLI; tests and demos supply their own.
 *
 * <pre>{@code
 * AgentOutcome outcome = executor.execute(AgentRequest.of(id, "plan", prompt, sandboxDir), event -> log(event));
 * }</pre>
 *
 * <p>The contract:
 * <ul>
 *   <li>{@code execute} blocks until the agent is done and reports failure as a failed {@link
 *       AgentOutcome}, not an exception; it throws only for a request it refuses before starting
 *       anything ({@link dev.awo.domain.InvalidInputException}, or {@link AgentUnavailableException}
 *       when the agent program is missing).
 *   <li>{@code events} receives each {@link AgentEvent} as it happens, in order, from one thread at
 *       a time, before {@code execute} returns.
 *   <li>When the calling thread is interrupted the executor stops the agent, kills every process
 *       it started, restores the interrupt flag and returns a failed outcome promptly.
 *   <li>Secrets never appear in events, outputs or logs.
 * </ul>
 *
 * <p>Implementations must be thread-safe: work orders run concurrently.
 */
@FunctionalInterface
public interface AgentExecutor {

  AgentOutcome execute(AgentRequest request, Consumer<AgentEvent> events);
}
