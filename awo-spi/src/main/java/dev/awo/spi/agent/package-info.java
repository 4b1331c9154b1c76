/** The agent port: {@link dev.awo.spi.agent.AgentExecutor} with its request, outcome and live events. */
package dev.awo.spi.agent;
