package dev.awo.core.internal;

import dev.awo.core.workflow.FailureCategory;

/**
 * Why awo stopped (or did not start) an agent attempt: a budget ({@link
 * FailureCategory#BUDGET_EXCEEDED}) or stuck detection ({@link FailureCategory#AGENT_STUCK}), and
 * the message the failed attempt is saved with. Immutable.
 */
record AgentStop(FailureCategory category, String message) {}
