package dev.awo.core.workflow;

import java.util.List;

/**
 * The built-in seven-step workflow, as data: classify, plan, find_plan, generate_branch, implement,
 * commit, create_pr, each an agent call with its own prompt template.
 *
 * <p>The classification picks the plan template ({@code planner_feature}, {@code planner_bug} or
 * {@code planner_chore}); {@code find_plan} must name a file that exists in the sandbox; {@code
 * generate_branch} must leave the sandbox on a new branch, which is recorded; the pull request URL
 * from {@code create_pr} is recorded. A step is not retried when it fails, but is once when a
 * crash interrupted it ({@link #AFTER_A_CRASH}).
 */
public final class DefaultWorkflow {
  public static final String NAME = "default";

  /** The step ids, in order. */
  public static final List<String> STEPS =
      List.of("classify", "plan", "find_plan", "generate_branch", "implement", "commit", "create_pr");

  /**
   * The retry policy of every step: a failed attempt is not retried, but one interrupted by a crash
   * of its orchestrator is, once (see {@code WorkflowOrchestrator.recover()}).
   */
  public static final RetryPolicy AFTER_A_CRASH = RetryPolicy.builder().maximumAttempts(2)
      .doNotRetry(FailureCategory.AGENT_FAILED, FailureCategory.OUTPUT_REJECTED, FailureCategory.TOOL_FAILED,
          FailureCategory.COULD_NOT_RUN).build();

  private static final WorkflowDefinition DEFINITION = WorkflowDefinition.linear(NAME, List.of(
          NodeDefinition.agentCall("classify", "classifier").agentName("classifier").retry(AFTER_A_CRASH)
              .arguments("$context.task").expects(OutputKind.CLASSIFICATION).build(),
          NodeDefinition.agentCall("plan", "planner_$classify.kind").agentName("planner").retry(AFTER_A_CRASH)
              .arguments("$context.work_order_id", "$context.task").build(),
          NodeDefinition.agentCall("find_plan", "plan_finder").agentName("plan_finder").retry(AFTER_A_CRASH)
              .arguments("$context.work_order_id", "$plan.output").expects(OutputKind.FILE_PATH).build(),
          NodeDefinition.agentCall("generate_branch", "branch_generator").agentName("branch_generator").retry(AFTER_A_CRASH)
              .arguments("$classify.kind", "$context.work_order_id", "$context.task").expects(OutputKind.BRANCH).build(),
          NodeDefinition.agentCall("implement", "implementor").agentName("implementor").retry(AFTER_A_CRASH)
              .arguments("$find_plan.path").build(),
          NodeDefinition.agentCall("commit", "committer").agentName("committer").retry(AFTER_A_CRASH)
              .arguments("$classify.kind", "$find_plan.path", "$context.work_order_id").build(),
          NodeDefinition.agentCall("create_pr", "pr_creator").agentName("pr_creator").retry(AFTER_A_CRASH)
              .arguments("$generate_branch.branch", "$find_plan.path", "$context.work_order_id")
              .expects(OutputKind.PULL_REQUEST).build()))
      .description("Classify, plan, find the plan, branch, implement, commit and open a pull request.")
      .build();

  private DefaultWorkflow() {}

  public static WorkflowDefinition definition() {
    return DEFINITION;
  }
}
