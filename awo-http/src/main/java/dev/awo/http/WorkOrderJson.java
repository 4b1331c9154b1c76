package dev.awo.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awo.domain.DiffStats;
import dev.awo.domain.SandboxType;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.TokenUsage;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;

/**
 * The Agent Work Orders API's JSON shapes of work orders and step results, snake_case keys, the
 * same on every host: {@link #workOrder} for {@code GET /agent-work-orders/{id}}, {@link
 * #workOrders} for the list, {@link #steps} for {@code /steps}, {@link #error} for every error.
 *
 * <pre>{@code
 * String body = WorkOrderJson.steps(history).toString();
 * }</pre>
 *
 * <p>This class is stateless and thread-safe; every call returns a new tree the caller owns.
 */
public final class WorkOrderJson {
  /** Reads request bodies; never reconfigured after this class is loaded. */
  static final ObjectMapper MAPPER = new ObjectMapper();

  private WorkOrderJson() {}

  /** A new empty JSON object. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A new empty JSON array. */
  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** The one error shape of the API: {@code {"error": message, "field": field-or-null}}. */
  public static ObjectNode error(String message, String field) {
    return object().put("error", message).put("field", field);
  }

  /** A work order with every field; absent values are {@code null}. */
  public static ObjectNode workOrder(WorkOrder o) {
    ObjectNode n = object();
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
    if (o.maxCostUsd() == null && o.maxTurns() == null) {
      n.putNull("budget");
    } else { // the request's own budget, as it was sent: each limit it left out is null
      n.putObject("budget").put("max_cost_usd", o.maxCostUsd()).put("max_turns", o.maxTurns());
    }
    n.put("created_at", o.createdAt().toString());
    n.put("updated_at", o.updatedAt().toString());
    return n;
  }

  /** Work orders in the order given, each as {@link #workOrder}. */
  public static ArrayNode workOrders(List<WorkOrder> orders) {
    ArrayNode array = array();
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
    ObjectNode n = object();
    n.put("agent_work_order_id", history.workOrderId().value());
    ArrayNode steps = n.putArray("steps");
    history.results().forEach(r -> steps.add(step(r)));
    return n;
  }

  /** One step result in the {@code /steps} shape. */
  public static ObjectNode step(StepResult r) {
    ObjectNode n = object();
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
   * The {@code /git-progress} shape: {@code {"agent_work_order_id", "current_phase",
   * "git_commit_count", "git_files_changed", "latest_commit_message", "git_branch_name",
   * "source"}}; a value nothing tells is {@code null}.
   *
   * @param phase the phase's lowercase name, e.g. {@code implementing}
   * @param source {@code sandbox} (read from git now) or {@code recorded}
   */
  public static ObjectNode gitProgress(WorkOrderId id, String phase, Integer commits, Integer filesChanged,
      String latestCommitMessage, String branch, String source) {
    return object().put("agent_work_order_id", id.value()).put("current_phase", phase)
        .put("git_commit_count", commits).put("git_files_changed", filesChanged)
        .put("latest_commit_message", latestCommitMessage).put("git_branch_name", branch).put("source", source);
  }

  /** The {@code /workflows} shape: {@code {"workflows": names, "sandbox_types": [every wire name]}}. */
  public static ObjectNode workflows(List<String> names) {
    ObjectNode answer = object();
    names.forEach(answer.putArray("workflows")::add);
    ArrayNode types = answer.putArray("sandbox_types");
    for (SandboxType type : SandboxType.values()) {
      types.add(type.wireName());
    }
    return answer;
  }

  /**
   * {@code {"input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens",
   * "total_tokens"}}, or JSON {@code null} for unknown usage.
   */
  public static JsonNode tokens(TokenUsage tokens) {
    if (tokens == null) {
      return JsonNodeFactory.instance.nullNode();
    }
    return object().put("input_tokens", tokens.inputTokens()).put("output_tokens", tokens.outputTokens())
        .put("cache_creation_input_tokens", tokens.cacheCreationInputTokens())
        .put("cache_read_input_tokens", tokens.cacheReadInputTokens()).put("total_tokens", tokens.total());
  }

  /** Seconds with millisecond precision, e.g. {@code 0.412}. */
  public static double seconds(Duration duration) {
    return BigDecimal.valueOf(duration.toNanos(), 9).setScale(3, RoundingMode.HALF_UP).doubleValue();
  }
}
