package dev.awo.core.internal;

import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.process.Redactor;

/**
 * Redacts credential-shaped text (the {@link Redactor}'s patterns) from an agent's live events
 * before they are published, whatever the executor already did: the one place for agent event
 * text. Thread-safe (stateless).
 */
final class AgentEvents {
  private static final Redactor REDACTOR = Redactor.patternsOnly();

  private AgentEvents() {}

  static AgentEvent redacted(AgentEvent event) {
    if (event instanceof AgentEvent.AssistantText e) {
      return new AgentEvent.AssistantText(e.messageId(), redact(e.text()));
    }
    if (event instanceof AgentEvent.ToolUse e) {
      return new AgentEvent.ToolUse(e.messageId(), e.toolUseId(), e.toolName(), redact(e.inputJson()));
    }
    if (event instanceof AgentEvent.ToolResult e) {
      return new AgentEvent.ToolResult(e.toolUseId(), redact(e.content()), e.error());
    }
    if (event instanceof AgentEvent.Result e) {
      return new AgentEvent.Result(e.subtype(), e.error(), e.apiErrorStatus(), redact(e.resultText()), e.sessionId(),
          e.totalCostUsd(), e.usage(), e.turns(), e.duration(), e.apiDuration(),
          e.errors().stream().map(AgentEvents::redact).toList());
    }
    if (event instanceof AgentEvent.Other e) {
      return new AgentEvent.Other(e.originalType(), redact(e.raw()));
    }
    if (event instanceof AgentEvent.Malformed e) {
      return new AgentEvent.Malformed(redact(e.excerpt()), redact(e.problem()));
    }
    return event;
  }

  private static String redact(String text) {
    return text == null ? null : REDACTOR.redact(text);
  }
}
