package dev.awo.domain;

import static dev.awo.spi.Arguments.requirePresent;
import static dev.awo.spi.Arguments.requireText;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;

/**
 * A work order: what the agent was asked to do, where, and how far it has got. Each change of state
 * is a new instance ({@code withStatus}, {@code withCurrentStep}, ...), written through the host's
 * {@link dev.awo.spi.persistence.WorkOrderRepository} as it happens.
 *
 * <pre>{@code
 * WorkOrder order = WorkOrder.builder(id, "https://github.com/acme/widgets", "Add a --verbose flag")
 *     .issueNumber(42).sandboxType(SandboxType.GIT_WORKTREE).createdAt(clock.instant()).build();
 * }</pre>
 *
 * <p>Nullable components are documented as such; everything else is required. Instances are
 * immutable and thread-safe.
 *
 * @param id the identity
 * @param repositoryUrl the repository the agent works on, as given (validated by the sandbox factory)
 * @param userRequest what the user asked for
 * @param issueNumber the GitHub issue the work order came from, or {@code null}
 * @param sandboxType where the agent works
 * @param workflow the name of the workflow that drives it
 * @param status where it is in its lifecycle
 * @param currentStep the step running now, or {@code null}
 * @param branchName the work branch the agent created, or {@code null} before it exists
 * @param prUrl the pull request's URL, or {@code null}
 * @param errorMessage why it failed, or {@code null}
 * @param baseCommit the sandbox's head commit when it was set up, or {@code null}
 * @param headCommit the sandbox's head commit when the run ended, or {@code null}
 * @param diffStats what changed between {@code baseCommit} and {@code headCommit}, or {@code null}
 * @param sandboxPath the sandbox's working directory while it exists, or {@code null}
 * @param createdAt when the work order was accepted
 * @param updatedAt when it last changed
 * @param idempotencyKey the key it was submitted with (unique in the store), or {@code null}
 * @param maxCostUsd the most its agent attempts may cost together in US dollars, as its request set
 *     it (in place of the workflow's limit), or {@code null} when the request set no cost limit;
 *     kept so that a run recovered after a restart keeps the request's budget
 * @param maxTurns the most agent turns its attempts may take together, as its request set it, or
 *     {@code null} when the request set no turn limit
 */
public record WorkOrder(
    WorkOrderId id,
    String repositoryUrl,
    String userRequest,
    Integer issueNumber,
    SandboxType sandboxType,
    String workflow,
    WorkOrderStatus status,
    String currentStep,
    String branchName,
    String prUrl,
    String errorMessage,
    String baseCommit,
    String headCommit,
    DiffStats diffStats,
    String sandboxPath,
    Instant createdAt,
    Instant updatedAt,
    IdempotencyKey idempotencyKey,
    BigDecimal maxCostUsd,
    Integer maxTurns) {

  /** Longest user request accepted, in characters. */
  public static final int MAX_USER_REQUEST_LENGTH = 1_000_000;

  public WorkOrder {
    requirePresent(id, "id");
    requireText(repositoryUrl, "repositoryUrl");
    requireText(userRequest, "userRequest");
    if (userRequest.length() > MAX_USER_REQUEST_LENGTH) {
      throw new InvalidInputException(
          "userRequest", "is " + userRequest.length() + " characters; the limit is " + MAX_USER_REQUEST_LENGTH);
    }
    if (issueNumber != null && issueNumber <= 0) {
      throw new InvalidInputException("issueNumber", "must be a positive number, got " + issueNumber);
    }
    requirePresent(sandboxType, "sandboxType");
    requireWorkflowName(workflow);
    requirePresent(status, "status");
    requirePresent(createdAt, "createdAt");
    requirePresent(updatedAt, "updatedAt");
    if (updatedAt.isBefore(createdAt)) {
      throw new InvalidInputException("updatedAt", "is before createdAt");
    }
    maxCostUsd = maxCostUsd == null ? null : maxCostUsd.stripTrailingZeros();
    if (maxCostUsd != null && maxCostUsd.signum() <= 0) {
      throw new InvalidInputException("maxCostUsd", "must be more than 0 US dollars, got " + maxCostUsd.toPlainString());
    }
    if (maxTurns != null && maxTurns < 1) {
      throw new InvalidInputException("maxTurns", "must be 1 or more, got " + maxTurns);
    }
  }

  /** A work order without a budget of its own (the form before 0.2.0). */
  public WorkOrder(WorkOrderId id, String repositoryUrl, String userRequest, Integer issueNumber,
      SandboxType sandboxType, String workflow, WorkOrderStatus status, String currentStep, String branchName,
      String prUrl, String errorMessage, String baseCommit, String headCommit, DiffStats diffStats,
      String sandboxPath, Instant createdAt, Instant updatedAt, IdempotencyKey idempotencyKey) {
    this(id, repositoryUrl, userRequest, issueNumber, sandboxType, workflow, status, currentStep, branchName, prUrl,
        errorMessage, baseCommit, headCommit, diffStats, sandboxPath, createdAt, updatedAt, idempotencyKey, null, null);
  }

  /** Checks a workflow name: lowercase letters, digits, '_', '.', '-', at most 64 characters. */
  public static String requireWorkflowName(String workflow) {
    requireText(workflow, "workflow");
    if (!dev.awo.spi.Arguments.isName(workflow, 64, "_.-")) {
      throw new InvalidInputException(
          "workflow",
          "'" + dev.awo.spi.Arguments.excerpt(workflow)
              + "' is not a workflow name (lowercase letters, digits, '_', '.', '-'; at most 64)");
    }
    return workflow;
  }

  public static Builder builder(WorkOrderId id, String repositoryUrl, String userRequest) {
    return new Builder(id, repositoryUrl, userRequest);
  }

  /** A builder holding every component of this work order. */
  public Builder toBuilder() {
    Builder b = new Builder(id, repositoryUrl, userRequest);
    b.issueNumber = issueNumber;
    b.sandboxType = sandboxType;
    b.workflow = workflow;
    b.status = status;
    b.currentStep = currentStep;
    b.branchName = branchName;
    b.prUrl = prUrl;
    b.errorMessage = errorMessage;
    b.baseCommit = baseCommit;
    b.headCommit = headCommit;
    b.diffStats = diffStats;
    b.sandboxPath = sandboxPath;
    b.createdAt = createdAt;
    b.updatedAt = updatedAt;
    b.idempotencyKey = idempotencyKey;
    b.maxCostUsd = maxCostUsd;
    b.maxTurns = maxTurns;
    return b;
  }

  public Optional<Integer> issue() {
    return Optional.ofNullable(issueNumber);
  }

  /** This work order with another status, updated at {@code now}. */
  public WorkOrder withStatus(WorkOrderStatus newStatus, Instant now) {
    return toBuilder().status(newStatus).updatedAt(now).build();
  }

  /** This work order with {@code step} running (or none, for {@code null}), updated at {@code now}. */
  public WorkOrder withCurrentStep(String step, Instant now) {
    return toBuilder().currentStep(step).updatedAt(now).build();
  }

  /** Builds {@link WorkOrder}s; not thread-safe. */
  public static final class Builder {
    private final WorkOrderId id;
    private final String repositoryUrl;
    private final String userRequest;
    private Integer issueNumber;
    private SandboxType sandboxType = SandboxType.GIT_BRANCH;
    private String workflow = "default";
    private WorkOrderStatus status = WorkOrderStatus.PENDING;
    private String currentStep;
    private String branchName;
    private String prUrl;
    private String errorMessage;
    private String baseCommit;
    private String headCommit;
    private DiffStats diffStats;
    private String sandboxPath;
    private Instant createdAt;
    private Instant updatedAt;
    private IdempotencyKey idempotencyKey;
    private BigDecimal maxCostUsd;
    private Integer maxTurns;

    private Builder(WorkOrderId id, String repositoryUrl, String userRequest) {
      this.id = id;
      this.repositoryUrl = repositoryUrl;
      this.userRequest = userRequest;
    }

    public Builder issueNumber(Integer issueNumber) { this.issueNumber = issueNumber; return this; }
    public Builder sandboxType(SandboxType sandboxType) { this.sandboxType = sandboxType; return this; }
    public Builder workflow(String workflow) { this.workflow = workflow; return this; }
    public Builder status(WorkOrderStatus status) { this.status = status; return this; }
    public Builder currentStep(String currentStep) { this.currentStep = currentStep; return this; }
    public Builder branchName(String branchName) { this.branchName = branchName; return this; }
    public Builder prUrl(String prUrl) { this.prUrl = prUrl; return this; }
    public Builder errorMessage(String errorMessage) { this.errorMessage = errorMessage; return this; }
    public Builder baseCommit(String baseCommit) { this.baseCommit = baseCommit; return this; }
    public Builder headCommit(String headCommit) { this.headCommit = headCommit; return this; }
    public Builder diffStats(DiffStats diffStats) { this.diffStats = diffStats; return this; }
    public Builder sandboxPath(String sandboxPath) { this.sandboxPath = sandboxPath; return this; }

    /** Sets creation time, and the update time too unless it was set already. */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      if (updatedAt == null) {
        updatedAt = createdAt;
      }
      return this;
    }

    public Builder updatedAt(Instant updatedAt) { this.updatedAt = updatedAt; return this; }
    public Builder idempotencyKey(IdempotencyKey idempotencyKey) { this.idempotencyKey = idempotencyKey; return this; }

    /** The request's own cost limit in US dollars, or null for none (the workflow's applies). */
    public Builder maxCostUsd(BigDecimal maxCostUsd) { this.maxCostUsd = maxCostUsd; return this; }

    /** The request's own turn limit, or null for none (the workflow's applies). */
    public Builder maxTurns(Integer maxTurns) { this.maxTurns = maxTurns; return this; }

    public WorkOrder build() {
      return new WorkOrder(id, repositoryUrl, userRequest, issueNumber, sandboxType, workflow, status,
          currentStep, branchName, prUrl, errorMessage, baseCommit, headCommit, diffStats, sandboxPath,
          createdAt, updatedAt, idempotencyKey, maxCostUsd, maxTurns);
    }
  }
}
