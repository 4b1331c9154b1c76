package dev.awo.core;

import static dev.awo.spi.Arguments.requireText;

import dev.awo.domain.IdempotencyKey;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrder;
import dev.awo.core.workflow.Budget;
import dev.awo.core.workflow.DefaultWorkflow;

/**
 * What a caller asks for when submitting a work order.
 *
 * <pre>{@code
 * WorkOrderRequest request = WorkOrderRequest.builder("https://github.com/acme/widgets", "Add a --verbose flag")
 *     .issueNumber(42).sandboxType(SandboxType.GIT_WORKTREE)
 *     .budget(Budget.of(new BigDecimal("5"), 200)).build();
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param issueNumber a GitHub issue to fold into the task, or null
 * @param budget what this work order's agent attempts may spend together; each limit it sets
 *     replaces the workflow's ({@link dev.awo.core.workflow.WorkflowDefinition#budget()}), the others
 *     stay; {@link Budget#NONE} (the default) keeps the workflow's. Kept on the work order ({@link
 *     WorkOrder#maxCostUsd()}, {@link WorkOrder#maxTurns()}), so a work order recovered after a
 *     restart or taken over by another orchestrator runs under it too.
 * @param idempotencyKey the caller's key for this submission, or null: a second submit with the same
 *     key returns the first work order's id and starts nothing (also after a restart, and on another
 *     orchestrator sharing the store)
 */
public record WorkOrderRequest(
    String repositoryUrl, String userRequest, Integer issueNumber, SandboxType sandboxType, String workflow,
    Budget budget, IdempotencyKey idempotencyKey) {

  public WorkOrderRequest {
    requireText(repositoryUrl, "repositoryUrl");
    requireText(userRequest, "userRequest");
    if (userRequest.length() > WorkOrder.MAX_USER_REQUEST_LENGTH) {
      throw new InvalidInputException("userRequest", "is longer than " + WorkOrder.MAX_USER_REQUEST_LENGTH + " characters");
    }
    if (issueNumber != null && issueNumber <= 0) {
      throw new InvalidInputException("issueNumber", "must be a positive number, got " + issueNumber);
    }
    sandboxType = sandboxType == null ? SandboxType.GIT_BRANCH : sandboxType;
    workflow = WorkOrder.requireWorkflowName(workflow == null ? DefaultWorkflow.NAME : workflow);
    budget = budget == null ? Budget.NONE : budget;
  }

  /** A request without a budget of its own and without an idempotency key. */
  public WorkOrderRequest(
      String repositoryUrl, String userRequest, Integer issueNumber, SandboxType sandboxType, String workflow) {
    this(repositoryUrl, userRequest, issueNumber, sandboxType, workflow, Budget.NONE, null);
  }

  public static Builder builder(String repositoryUrl, String userRequest) {
    return new Builder(repositoryUrl, userRequest);
  }

  /** Builds {@link WorkOrderRequest}s; not thread-safe. */
  public static final class Builder {
    private final String repositoryUrl;
    private final String userRequest;
    private Integer issueNumber;
    private SandboxType sandboxType = SandboxType.GIT_BRANCH;
    private String workflow = DefaultWorkflow.NAME;
    private Budget budget = Budget.NONE;
    private IdempotencyKey idempotencyKey;

    private Builder(String repositoryUrl, String userRequest) {
      this.repositoryUrl = repositoryUrl;
      this.userRequest = userRequest;
    }

    public Builder issueNumber(Integer issueNumber) { this.issueNumber = issueNumber; return this; }
    public Builder sandboxType(SandboxType sandboxType) { this.sandboxType = sandboxType; return this; }
    public Builder workflow(String workflow) { this.workflow = workflow; return this; }

    /** What the work order may spend (cost, turns); the workflow's budget by default. */
    public Builder budget(Budget budget) {
      this.budget = dev.awo.spi.Arguments.requirePresent(budget, "budget");
      return this;
    }

    /**
     * Makes the submission idempotent under {@code key}: 1 to {@value IdempotencyKey#MAX_LENGTH}
     * visible ASCII characters, e.g. a UUID; checked here.
     *
     * @throws dev.awo.domain.InvalidInputException for a null, empty, too long or non-ASCII key
     */
    public Builder idempotencyKey(String key) {
      this.idempotencyKey = IdempotencyKey.of(key);
      return this;
    }

    public WorkOrderRequest build() {
      return new WorkOrderRequest(repositoryUrl, userRequest, issueNumber, sandboxType, workflow, budget,
          idempotencyKey);
    }
  }
}
