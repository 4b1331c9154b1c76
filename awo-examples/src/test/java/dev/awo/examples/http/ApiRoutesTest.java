package dev.awo.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.github.GitHubException;
import dev.awo.spi.github.RepositoryInfo;
import dev.awo.spi.github.RepositoryVerifier;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The routes of issue 18 against the running server: shapes, status codes, ETags. */
@Timeout(60)
class ApiRoutesTest {
  private static final String WIDGETS = "https://github.com/acme/widgets";

  /** A verifier at the port boundary: "missing" is not found, "broken" is a gh failure, "bad" a bad URL. */
  private static final RepositoryVerifier VERIFIER = url -> {
    if (url.contains("missing")) {
      throw new GitHubException.NotFound("Repository acme/missing was not found, or is not visible with these credentials");
    }
    if (url.contains("broken")) {
      throw new GitHubException.ClientUnavailable("The GitHub CLI 'gh' cannot be run");
    }
    if (url.contains("bad")) {
      throw new InvalidInputException("repositoryUrl", "is not a GitHub repository URL: " + url);
    }
    String name = url.substring(url.lastIndexOf('/') + 1);
    return new RepositoryInfo("acme", name, "main", url);
  };

  @TempDir Path dir;
  private ServerFixture fixture;
  private HttpTestClient http;

  private void start(boolean gated) {
    fixture = new ServerFixture(dir, gated, b -> b.repositoryVerifier(VERIFIER));
    http = fixture.http;
  }

  @AfterEach
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  private WorkOrderId create(String body) throws Exception {
    HttpTestClient.Response created = http.post("/agent-work-orders", body);
    assertEquals(201, created.status(), created.body());
    return WorkOrderId.of(created.json().get("agent_work_order_id").asText());
  }

  private void awaitEnd(WorkOrderId id) throws Exception {
    // completes once the listeners (the logs, the SSE hub) have heard the final status too
    fixture.orchestrator.completion(id).get(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  private WorkOrderId finished() throws Exception {
    WorkOrderId id = create("{\"repository_url\": \"" + WIDGETS + "\", \"user_request\": \"Add a flag\"}");
    awaitEnd(id);
    return id;
  }

  @Test
  void anUnchangedWorkOrderAnswers304WithNoBodyAndANewSaveChangesTheETag() throws Exception {
    start(true);
    WorkOrderId id = create("{\"repository_url\": \"" + WIDGETS + "\", \"user_request\": \"Add a flag\"}");
    fixture.awaitParkedAgent(); // from here the work order stands still until release()
    for (String path : new String[] {"/agent-work-orders/" + id.value(), "/agent-work-orders/" + id.value() + "/steps",
        "/agent-work-orders", "/agent-work-orders/" + id.value() + "/git-progress"}) {
      HttpTestClient.Response first = http.get(path);
      assertEquals(200, first.status(), path + ": " + first.body());
      String etag = first.header("ETag");
      assertNotNull(etag, path);
      HttpTestClient.Response again = http.get(path, "If-None-Match", etag);
      assertEquals(304, again.status(), path);
      assertEquals("", again.body(), path);
      assertEquals(etag, again.header("ETag"));
      assertEquals(304, http.get(path, "If-None-Match", "\"other\", W/" + etag).status(), path + " weak, in a list");
      assertEquals(304, http.get(path, "If-None-Match", "*").status(), path + " *");
      assertEquals(200, http.get(path, "If-None-Match", "\"other\"").status(), path + " another tag");
    }
    String steps = "/agent-work-orders/" + id.value() + "/steps";
    String before = http.get(steps).header("ETag");
    String orderBefore = http.get("/agent-work-orders/" + id.value()).header("ETag");
    long version = fixture.orchestrator.stepHistory(id).version();
    fixture.release();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (fixture.orchestrator.stepHistory(id).version() == version) {
      assertTrue(System.nanoTime() < deadline, "no step was saved");
      Thread.onSpinWait();
    }
    HttpTestClient.Response changed = http.get(steps, "If-None-Match", before);
    assertEquals(200, changed.status());
    assertNotEquals(before, changed.header("ETag"));
    assertEquals(200, http.get("/agent-work-orders/" + id.value(), "If-None-Match", orderBefore).status());
  }

  @Test
  void logsHoldTheOrchestrationEventsWithPaginationAndFilters() throws Exception {
    start(false);
    WorkOrderId id = finished();
    String logs = "/agent-work-orders/" + id.value() + "/logs";
    JsonNode all = http.get(logs).json();
    assertEquals(id.value(), all.get("agent_work_order_id").asText());
    assertEquals(100, all.get("limit").asInt());
    assertEquals(0, all.get("offset").asInt());
    int total = all.get("total").asInt();
    assertTrue(total >= 14, "7 step starts and 7 saves at least: " + all);
    JsonNode first = all.get("log_entries").get(0);
    for (String field : new String[] {"sequence", "timestamp", "level", "event", "step", "fields"}) {
      assertTrue(first.has(field), field + " in " + first);
    }
    JsonNode page = http.get(logs + "?limit=2&offset=1").json();
    assertEquals(2, page.get("log_entries").size());
    assertEquals(total, page.get("total").asInt());
    assertEquals(all.get("log_entries").get(1), page.get("log_entries").get(0));
    JsonNode classify = http.get(logs + "?step=classify").json();
    assertTrue(classify.get("total").asInt() >= 2);
    classify.get("log_entries").forEach(e -> assertEquals("classify", e.get("step").asText()));
    http.get(logs + "?level=info").json().get("log_entries").forEach(e -> assertEquals("info", e.get("level").asText()));
    for (String bad : new String[] {"limit=0", "limit=1001", "limit=ten", "offset=-1", "level=loud", "since=x"}) {
      HttpTestClient.Response refused = http.get(logs + "?" + bad);
      assertEquals(400, refused.status(), bad);
      assertEquals(bad.substring(0, bad.indexOf('=')), refused.json().get("field").asText(), bad);
    }
    assertEquals(404, http.get("/agent-work-orders/wo-0badc0de/logs").status());
  }

  @Test
  void logsOfAWorkOrderThisProcessNeverHeardOfComeFromTheStoredStepHistory() throws Exception {
    start(false);
    WorkOrderId id = finished();
    try (WorkOrderHttpServer fresh = WorkOrderHttpServer.builder(fixture.orchestrator, new EventHub()).start()) {
      HttpTestClient client = new HttpTestClient(fresh.uri(), fresh.accessToken());
      JsonNode logs = client.get("/agent-work-orders/" + id.value() + "/logs").json();
      assertEquals(fixture.orchestrator.stepHistory(id).size(), logs.get("total").asInt());
      assertEquals("step_history_saved", logs.get("log_entries").get(0).get("event").asText());
      assertEquals("classify", logs.get("log_entries").get(0).get("step").asText());
    }
  }

  @Test
  void theLogStreamReplaysFromSinceAndEndsWhenTheWorkOrderHasEnded() throws Exception {
    start(false);
    WorkOrderId id = finished();
    int total = http.get("/agent-work-orders/" + id.value() + "/logs?limit=1000").json().get("total").asInt();
    try (HttpTestClient.Events events = http.events("/agent-work-orders/" + id.value() + "/logs/stream?since=3")) {
      assertEquals(200, events.status);
      assertTrue(events.contentType.startsWith("text/event-stream"));
      HttpTestClient.Event entry = events.next();
      assertEquals("log_entry", entry.name());
      assertEquals(4, entry.data().get("sequence").asInt());
      int seen = 1;
      HttpTestClient.Event next;
      while ((next = events.next()) != null && next.name().equals("log_entry")) {
        seen++;
      }
      assertEquals(total - 3, seen);
      assertNotNull(next);
      assertEquals("end", next.name());
    }
  }

  @Test
  void theLogStreamSendsNewEntriesLive() throws Exception {
    start(true);
    WorkOrderId id = create("{\"repository_url\": \"" + WIDGETS + "\", \"user_request\": \"Add a flag\"}");
    try (HttpTestClient.Events events = http.events("/agent-work-orders/" + id.value() + "/logs/stream?level=info")) {
      HttpTestClient.Event started;
      do {
        started = events.next();
        assertEquals("info", started.data().get("level").asText());
      } while (!started.data().get("event").asText().equals("step_started"));
      assertEquals("classify", started.data().get("step").asText());
      fixture.release();
      HttpTestClient.Event saved;
      do {
        saved = events.next();
      } while (!saved.data().get("event").asText().equals("step_history_saved"));
      assertEquals("classify", saved.data().get("step").asText());
      fixture.release(1000);
    }
  }

  @Test
  void verifyRepositoryAnswersAccessibilityAndRefusesABadUrl() throws Exception {
    start(false);
    JsonNode ok = http.post("/github/verify-repository", "{\"repository_url\": \"" + WIDGETS + "\"}").json();
    assertTrue(ok.get("is_accessible").asBoolean());
    assertEquals("acme", ok.get("repository_owner").asText());
    assertEquals("widgets", ok.get("repository_name").asText());
    assertEquals("main", ok.get("default_branch").asText());
    assertTrue(ok.get("error_message").isNull());
    HttpTestClient.Response missing = http.post("/github/verify-repository",
        "{\"repository_url\": \"https://github.com/acme/missing\"}");
    assertEquals(200, missing.status());
    assertFalse(missing.json().get("is_accessible").asBoolean());
    assertTrue(missing.json().get("error_message").asText().contains("not found"));
    assertProblem(http.post("/github/verify-repository", "{\"repository_url\": \"bad url\"}"), 400, "repository_url");
    assertProblem(http.post("/github/verify-repository", "{}"), 400, "repository_url");
    assertProblem(http.post("/github/verify-repository", "{\"repository_url\": \"https://github.com/acme/broken\"}"), 502, null);
    assertProblem(http.post("/github/verify-repository", "{\"url\": \"x\"}"), 400, "url");
  }

  @Test
  void configuredRepositoriesAreVerifiedOnceAndGiveTheirDefaultsToNewWorkOrders() throws Exception {
    start(false);
    HttpTestClient.Response created = http.post("/repositories", "{\"repository_url\": \"" + WIDGETS
        + "\", \"display_name\": \"Widgets\", \"default_sandbox_type\": \"git_worktree\"}");
    assertEquals(201, created.status(), created.body());
    JsonNode repo = created.json();
    String id = repo.get("id").asText();
    assertEquals("Widgets", repo.get("display_name").asText());
    assertEquals("git_worktree", repo.get("default_sandbox_type").asText());
    assertEquals("default", repo.get("default_workflow").asText());
    assertEquals("main", repo.get("default_branch").asText());
    assertProblem(http.post("/repositories", "{\"repository_url\": \"" + WIDGETS + "\"}"), 409, "repository_url");
    assertProblem(http.post("/repositories", "{\"repository_url\": \"https://github.com/acme/missing\"}"), 400, "repository_url");
    assertProblem(http.post("/repositories", "{\"repository_url\": \"https://github.com/acme/broken\"}"), 502, null);
    assertProblem(http.post("/repositories", "{\"repository_url\": \"https://github.com/acme/gadgets\", "
        + "\"default_workflow\": \"nope\"}"), 400, "default_workflow");
    assertEquals(1, http.get("/repositories").json().size());
    assertEquals(id, http.get("/repositories/" + id).json().get("id").asText());

    WorkOrderId order = create("{\"repository_url\": \"" + WIDGETS + "\", \"user_request\": \"Add a flag\"}");
    assertEquals(SandboxType.GIT_WORKTREE, fixture.orchestrator.workOrder(order).orElseThrow().sandboxType());
    WorkOrderId explicit = create("{\"repository_url\": \"" + WIDGETS + "\", \"user_request\": \"Add a flag\", "
        + "\"sandbox_type\": \"git_branch\"}");
    assertEquals(SandboxType.GIT_BRANCH, fixture.orchestrator.workOrder(explicit).orElseThrow().sandboxType());

    HttpTestClient.Response patched = http.send("PATCH", "/repositories/" + id, "{\"display_name\": \"W\"}");
    assertEquals(200, patched.status(), patched.body());
    assertEquals("W", patched.json().get("display_name").asText());
    assertEquals("git_worktree", patched.json().get("default_sandbox_type").asText());
    assertEquals(200, http.post("/repositories/" + id + "/verify", "{}").status());
    assertEquals(204, http.send("DELETE", "/repositories/" + id, null).status());
    assertEquals(404, http.get("/repositories/" + id).status());
    assertEquals(404, http.send("DELETE", "/repositories/" + id, null).status());
    assertEquals(404, http.get("/repositories/not-an-id").status());
  }

  @Test
  void gitProgressHasTheIssueShapeAndWorkflowsListTheChoices() throws Exception {
    start(false);
    WorkOrderId id = finished();
    JsonNode progress = http.get("/agent-work-orders/" + id.value() + "/git-progress").json();
    for (String field : new String[] {"agent_work_order_id", "current_phase", "git_commit_count", "git_files_changed",
        "latest_commit_message", "git_branch_name"}) {
      assertTrue(progress.has(field), field + " in " + progress);
    }
    assertEquals(404, http.get("/agent-work-orders/wo-0badc0de/git-progress").status());
    JsonNode choices = http.get("/workflows").json();
    assertTrue(choices.get("workflows").toString().contains("default"));
    assertTrue(choices.get("sandbox_types").toString().contains("git_worktree"));
  }

  @Test
  void theNewRoutesNeedTheToken() throws Exception {
    start(false);
    HttpTestClient stranger = new HttpTestClient(fixture.server.uri(), AccessToken.random());
    assertEquals(403, stranger.get("/repositories").status());
    assertEquals(403, stranger.post("/github/verify-repository", "{\"repository_url\": \"" + WIDGETS + "\"}").status());
    assertTrue(fixture.untouched());
  }

  private static void assertProblem(HttpTestClient.Response response, int status, String field) {
    assertEquals(status, response.status(), response.body());
    JsonNode json = response.json();
    assertTrue(json.has("error"), response.body());
    if (field == null) {
      assertTrue(json.get("field").isNull(), response.body());
    } else {
      assertEquals(field, json.get("field").asText(), response.body());
    }
  }
}
