/**
 * The Claude Code CLI as an {@link dev.awo.spi.agent.AgentExecutor}: {@link
 * dev.awo.claude.ClaudeCodeExecutor}, configured by {@link dev.awo.claude.ClaudeCodeConfig}, and
 * {@link dev.awo.claude.StreamJsonParser}, which turns the CLI's stream-json lines into live
 * {@link dev.awo.spi.agent.AgentEvent}s.
 */
package dev.awo.claude;
