/**
 * Workflows as data: {@link dev.awo.core.workflow.WorkflowDefinition} (nodes and edges), the
 * validating {@link dev.awo.core.workflow.WorkflowCompiler}, and the built-in {@link
 * dev.awo.core.workflow.DefaultWorkflow}.
 */
package dev.awo.core.workflow;
