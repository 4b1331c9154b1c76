package dev.awo.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.awo.core.workflow.OutputKind;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.github.GitHubException;
import dev.awo.spi.github.PullRequest;
import dev.awo.spi.github.PullRequestOpener;
import dev.awo.spi.github.PullRequestSpec;
import dev.awo.spi.sandbox.Sandbox;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

@DisplayName("The pull-request step ends completed only with a pull request GitHub knows")
class PullRequestCheckTest {
  private static final String REPO = "https://github.com/acme/widgets";
  private static final Map<String, String> CONTEXT = Map.of("base_branch", "main", "branch", "feat-x");
  private final WorkOrder order = WorkOrder.builder(WorkOrderId.of("wo-00000abc"), REPO, "Add a flag\nmore").issueNumber(7)
      .createdAt(java.time.Instant.parse("2026-01-01T00:00:00Z")).build();
  private final Sandbox sandbox = mock(Sandbox.class);
  private final PullRequestOpener opener = mock(PullRequestOpener.class);

  private OutputChecks.Checked check(String agentSaid) {
    return OutputChecks.check(OutputKind.PULL_REQUEST, "create_pr", agentSaid, sandbox, CONTEXT, opener, order);
  }

  @Test
  @DisplayName("the agent's PR exists: GitHub's URL is recorded, not the agent's text")
  void recordsGitHubsUrl() {
    when(opener.hosts(REPO)).thenReturn(true);
    when(opener.find(REPO, "feat-x")).thenReturn(Optional.of(new PullRequest(12, REPO + "/pull/12", true)));

    OutputChecks.Checked checked = check("Opened https://github.com/acme/widgets/pull/999");

    assertNull(checked.failure());
    assertEquals(REPO + "/pull/12", checked.fields().get("pr_url"));
    assertEquals("agent", checked.fields().get("pr_opened_by"));
    verify(opener, never()).open(any());
  }

  @Test
  @DisplayName("the agent reported a PR that does not exist: awo opens it for the work branch")
  void opensWhenAgentDidNot() {
    when(opener.hosts(REPO)).thenReturn(true);
    when(opener.find(REPO, "feat-x")).thenReturn(Optional.empty());
    when(opener.open(any())).thenReturn(new PullRequest(13, REPO + "/pull/13", false));

    OutputChecks.Checked checked = check("https://github.com/acme/widgets/pull/999");

    assertNull(checked.failure());
    assertEquals(REPO + "/pull/13", checked.fields().get("pr_url"));
    assertEquals("awo", checked.fields().get("pr_opened_by"));
    ArgumentCaptor<PullRequestSpec> spec = ArgumentCaptor.forClass(PullRequestSpec.class);
    verify(opener).open(spec.capture());
    assertEquals("feat-x", spec.getValue().head());
    assertEquals("main", spec.getValue().base());
    assertEquals("Add a flag", spec.getValue().title());
    assertTrue(spec.getValue().body().contains("Closes #7"), spec.getValue().body());
  }

  @Test
  @DisplayName("neither the agent nor awo could open one: the step fails with the reason gh gave")
  void failsWithTheHostsReason() {
    when(opener.hosts(REPO)).thenReturn(true);
    when(opener.find(REPO, "feat-x")).thenReturn(Optional.empty());
    when(opener.open(any())).thenThrow(new GitHubException("gh failed: No commits between main and feat-x"));

    OutputChecks.Checked checked = check("done");

    assertTrue(checked.failure().contains("no pull request exists for branch 'feat-x'")
        && checked.failure().contains("No commits between main and feat-x"), checked.failure());
  }

  @Test
  @DisplayName("a lookup that fails fails the step")
  void lookupFailureFails() {
    when(opener.hosts(REPO)).thenReturn(true);
    when(opener.find(REPO, "feat-x")).thenThrow(new GitHubException.NotAuthenticated("set GH_TOKEN"));

    assertTrue(check("done").failure().contains("set GH_TOKEN"));
  }

  @Test
  @DisplayName("not a GitHub remote (or no opener): nothing to verify, pr_verified is false")
  void nonGitHubRemoteIsUnverified() {
    when(opener.hosts(REPO)).thenReturn(false);

    OutputChecks.Checked checked = check("Pushed feat-x; no pull request");

    assertNull(checked.failure());
    assertEquals("", checked.fields().get("pr_url"));
    assertEquals("false", checked.fields().get("pr_verified"));
    verify(opener, never()).find(any(), any());
    assertEquals("false", OutputChecks.check(OutputKind.PULL_REQUEST, "create_pr", "x", sandbox, CONTEXT, null, order)
        .fields().get("pr_verified"));
  }
}
