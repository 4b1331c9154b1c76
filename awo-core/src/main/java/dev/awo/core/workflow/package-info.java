/**
 * Workflows as data: {@link dev.awo.core.workflow.WorkflowDefinition} (nodes and edges, built in
 * Java or read from JSON with {@link dev.awo.core.workflow.WorkflowJson}); the sealed {@link
 * dev.awo.core.workflow.NodeDefinition} with one record per node type ({@link
 * dev.awo.core.workflow.AgentCall}, {@link dev.awo.core.workflow.ToolCall}, {@link
 * dev.awo.core.workflow.Condition}, {@link dev.awo.core.workflow.HumanGate}), each checking its own
 * fields and parsing its texts ({@link dev.awo.core.workflow.BoundText}) once; the validating {@link
 * dev.awo.core.workflow.WorkflowCompiler}; the {@link dev.awo.core.workflow.RetryPolicy} of node (and
 * step history save) retries; the {@link dev.awo.core.workflow.BuiltInTool}s of {@code tool_call}
 * nodes; the {@link dev.awo.core.workflow.ConditionExpression} language of {@code condition} nodes;
 * and the built-in {@link dev.awo.core.workflow.DefaultWorkflow}.
 */
package dev.awo.core.workflow;
