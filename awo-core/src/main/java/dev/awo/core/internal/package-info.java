/**
 * The orchestrator's machinery. No compatibility promise: use {@link dev.awo.core.WorkflowOrchestrator}.
 *
 * <p>How it fits: {@code Intake} checks a request and registers one {@code RunEntry} (made by the
 * {@code RunFactory}) in the {@code RunRegistry}; the {@code RunDriver} runs it on the host's
 * executor; a {@code WorkOrderRun} drives its passes through the {@code DagRunner}, whose nodes the
 * {@code NodeExecutor} runs and records through the {@code HistoryRecorder}; every event of the
 * run goes out through its one {@code RunEvents} publisher; {@code RunControl} holds cancellation.
 */
package dev.awo.core.internal;
