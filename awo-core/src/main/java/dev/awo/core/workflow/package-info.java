/**
 * Workflows as data: {@link dev.awo.core.workflow.WorkflowDefinition} (nodes and edges, built in
 * Java or read from JSON with {@link dev.awo.core.workflow.WorkflowJson}), the validating {@link
 * dev.awo.core.workflow.WorkflowCompiler}, the {@link dev.awo.core.workflow.BuiltInTool}s of
 * {@code tool_call} nodes, the {@link dev.awo.core.workflow.ConditionExpression} language of
 * {@code condition} nodes, and the built-in {@link dev.awo.core.workflow.DefaultWorkflow}.
 */
package dev.awo.core.workflow;
