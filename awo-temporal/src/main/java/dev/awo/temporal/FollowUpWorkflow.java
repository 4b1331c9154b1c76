package dev.awo.temporal;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One follow-up prompt to an ended work order, as a short workflow execution whose id is derived
 * from the work order's ({@code <work order id>/prompt}), so Temporal runs one prompt per work order
 * at a time. Its one activity runs on the own task queue of the worker that keeps the sandbox, and
 * waits at most the worker-lost timeout for that worker to take it. Instances are made and driven by
 * Temporal on its workflow thread (not thread-safe, and need not be); not for direct use.
 */
@WorkflowInterface
public interface FollowUpWorkflow {

  /**
   * Runs the prompt on the worker of {@code input.taskQueue()}.
   *
   * @return the attempt number of the saved {@code prompt} step
   */
  @WorkflowMethod
  int prompt(PromptInput input);

  /**
   * The work order, the task queue of the worker keeping its sandbox, and the (redacted) prompt text.
   * Immutable and thread-safe.
   */
  record PromptInput(String workOrderId, String taskQueue, String text) {}
}
