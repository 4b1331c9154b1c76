package dev.awo.core.dag;

import static dev.awo.core.dag.Dags.agent;
import static dev.awo.core.dag.Dags.tool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.fixtures.FunctionAgent;
import dev.awo.core.fixtures.Harness;
import dev.awo.core.workflow.InvalidWorkflowException;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.spi.github.IssueCommenter;
import dev.awo.spi.github.IssueDetails;
import dev.awo.spi.github.PullRequest;
import dev.awo.spi.github.PullRequestSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Built-in tool calls run through the ports")
class ToolCallTest {
  @TempDir Path base;

  private static final WorkflowDefinition SHIP = WorkflowDefinition.builder("ship")
      .node(agent("implement"))
      .node(tool("commit", "commit_all", Map.of("message", "awo: $context.user_request")))
      .node(tool("push", "push_branch", Map.of()))
      .node(tool("pr", "open_pr", Map.of("title", "Fix #$context.issue_number", "body", "$implement.output")))
      .node(tool("comment", "comment_issue", Map.of("body", "PR: $pr.url (#$pr.number), commit $commit.commit")))
      .edge("implement", "commit").edge("commit", "push").edge("push", "pr").edge("pr", "comment").build();

  @Test
  @DisplayName("commit_all, push_branch, open_pr and comment_issue run in order with bound inputs; outputs bind onwards")
  void shipWithTools() throws Exception {
    Harness h = new Harness(base);
    List<PullRequestSpec> opened = new CopyOnWriteArrayList<>();
    List<String> comments = new CopyOnWriteArrayList<>();
    FunctionAgent agent = new FunctionAgent(r -> {
      try {
        Files.writeString(r.workingDirectory().resolve("flag.txt"), "--verbose");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      h.sandboxes.sandbox(r.workOrderId()).checkout("feature-verbose");
      return "Added the flag";
    });
    IssueCommenter commenter = new IssueCommenter() {
      @Override public long comment(String repo, int issue, String body) { comments.add(issue + ": " + body); return 99; }
      @Override public void update(String repo, long id, String body) {}
    };
    try (WorkflowOrchestrator o = Dags.builder(h, agent).workflow(SHIP)
        .issueSource((repo, n) -> new IssueDetails(n, "Verbose flag", "please", "open", List.of(), repo + "/issues/" + n))
        .pullRequestOpener(spec -> {
          opened.add(spec);
          return new PullRequest(17, "https://github.com/acme/widgets/pull/17", false);
        })
        .issueCommenter(commenter).build()) {
      WorkOrder done = o.run(WorkOrderRequest.builder("https://github.com/acme/widgets", "Add a flag").issueNumber(5)
          .workflow("ship").build());
      assertEquals(WorkOrderStatus.COMPLETED, done.status(), done.errorMessage());
      assertEquals("https://github.com/acme/widgets/pull/17", done.prUrl());
      assertEquals("feature-verbose", done.branchName());
      var sandbox = h.sandboxes.sandbox(done.id());
      assertEquals(List.of("awo: Add a flag"), sandbox.commits);
      assertEquals(List.of("feature-verbose"), sandbox.pushes);
      PullRequestSpec spec = opened.get(0);
      assertEquals("feature-verbose", spec.head());
      assertEquals("main", spec.base());
      assertEquals("Fix #5", spec.title());
      assertEquals("Added the flag", spec.body());
      assertEquals(List.of("5: PR: https://github.com/acme/widgets/pull/17 (#17), commit c0ffee1"), comments);
      StepHistory history = o.stepHistory(done.id());
      assertEquals("99", history.latest("comment").orElseThrow().data().get("comment_id"));
      assertEquals("true", history.latest("commit").orElseThrow().data().get("committed"));
    }
  }

  @Test
  @DisplayName("a tool whose port is not configured is refused when the orchestrator is built, naming what to add")
  void missingPortFoundAtBuild() {
    Harness h = new Harness(base);
    InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class,
        () -> Dags.builder(h, FunctionAgent.echo()).workflow(SHIP).build());
    assertEquals(2, e.problems().size(), e.getMessage());
    assertTrue(e.getMessage().contains("node 'pr': tool 'open_pr' needs a PullRequestOpener, and none is configured; "
        + "add one with .pullRequestOpener(...)"), e.getMessage());
    assertTrue(e.getMessage().contains("node 'comment': tool 'comment_issue' needs an IssueCommenter"), e.getMessage());
  }

  @Test
  @DisplayName("comment_issue on a work order without an issue fails the node with a message saying what to do")
  void commentWithoutIssue() {
    Harness h = new Harness(base);
    IssueCommenter commenter = new IssueCommenter() {
      @Override public long comment(String repo, int issue, String body) { return 1; }
      @Override public void update(String repo, long id, String body) {}
    };
    WorkflowDefinition d = WorkflowDefinition.builder("note").node(tool("note", "comment_issue", Map.of("body", "hi")))
        .build();
    try (WorkflowOrchestrator o = Dags.builder(h, FunctionAgent.echo()).workflow(d).issueCommenter(commenter).build()) {
      WorkOrder done = o.run(WorkOrderRequest.builder("https://github.com/acme/widgets", "x").workflow("note").build());
      assertEquals(WorkOrderStatus.FAILED, done.status());
      assertTrue(done.errorMessage().contains("no issue to comment on"), done.errorMessage());
    }
  }
}
