package dev.awo.examples.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awo.domain.DiffStats;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.TokenUsage;
import dev.awo.domain.WorkOrder;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * Work orders and step results as JSON objects with snake_case keys.
 *
 * <pre>{@code
 * String body = WorkOrderJson.MAPPER.writeValueAsString(WorkOrderJson.steps(history));
 * }</pre>
 *
 * <p>This class is stateless and thread-safe.
 */
public final class WorkOrderJson {
  /** The mapper every JSON writer of this module uses. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private WorkOrderJson() {}

  /** A work order with every field; absent values are {@code null}. */
  public static ObjectNode workOrder(WorkOrder o) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("agent_work_order_id", o.id().value());
    n.put("repository_url", o.repositoryUrl());
    n.put("user_request", o.userRequest());
    n.put("issue_number", o.issueNumber());
    n.put("sandbox_type", o.sandboxType().wireName());
    n.put("workflow", o.workflow());
    n.put("status", o.status().wireName());
    n.put("current_step", o.currentStep());
    n.put("git_branch_name", o.branchName());
    n.put("github_pull_request_url", o.prUrl());
    n.put("error_message", o.errorMessage());
    n.put("base_commit", o.baseCommit());
    n.put("head_commit", o.headCommit());
    DiffStats diff = o.diffStats();
    if (diff == null) {
      n.putNull("diff_stats");
    } else {
      n.putObject("diff_stats").put("files_changed", diff.filesChanged()).put("lines_added", diff.linesAdded())
          .put("lines_removed", diff.linesRemoved());
    }
    n.put("sandbox_path", o.sandboxPath());
    n.put("created_at", o.createdAt().toString());
    n.put("updated_at", o.updatedAt().toString());
    return n;
  }

  public static ArrayNode workOrders(List<WorkOrder> orders) {
    ArrayNode array = MAPPER.createArrayNode();
    orders.forEach(o -> array.add(workOrder(o)));
    return array;
  }

  /**
   * The {@code /steps} shape: {@code {"agent_work_order_id": ..., "steps": [{"step", "agent_name",
   * "success", "output", "error_message", "duration_seconds", "session_id", "timestamp", "attempt",
   * "outcome", "cost_usd", "turns", "token_usage"}]}}, where {@code timestamp} is when the attempt
   * ended, and {@code cost_usd}, {@code turns} and {@code token_usage} ({@code {"input_tokens",
   * "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens", "total_tokens"}}) are
   * {@code null} when the agent did not report them.
   */
  public static ObjectNode steps(StepHistory history) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("agent_work_order_id", history.workOrderId().value());
    ArrayNode steps = n.putArray("steps");
    history.results().forEach(r -> steps.add(step(r)));
    return n;
  }

  /** One step result in the {@code /steps} shape. */
  public static ObjectNode step(StepResult r) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("step", r.step());
    n.put("agent_name", r.agentName());
    n.put("success", r.succeeded());
    n.put("output", r.output());
    n.put("error_message", r.errorMessage());
    n.put("duration_seconds", seconds(r.duration()));
    n.put("session_id", r.sessionId());
    n.put("timestamp", r.startedAt().plus(r.duration()).toString());
    n.put("attempt", r.attempt());
    n.put("outcome", r.outcome().wireName());
    n.put("cost_usd", r.costUsd());
    n.put("turns", r.turns());
    n.set("token_usage", tokens(r.tokenUsage()));
    return n;
  }

  /**
   * {@code {"input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens",
   * "total_tokens"}}, or JSON {@code null} for unknown usage.
   */
  public static com.fasterxml.jackson.databind.JsonNode tokens(TokenUsage tokens) {
    if (tokens == null) {
      return MAPPER.nullNode();
    }
    return MAPPER.createObjectNode().put("input_tokens", tokens.inputTokens()).put("output_tokens", tokens.outputTokens())
        .put("cache_creation_input_tokens", tokens.cacheCreationInputTokens())
        .put("cache_read_input_tokens", tokens.cacheReadInputTokens()).put("total_tokens", tokens.total());
  }

  /** Seconds with millisecond precision, e.g. {@code 0.412}. */
  public static double seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toNanos(), 9).setScale(3, java.math.RoundingMode.HALF_UP).doubleValue();
  }
}
