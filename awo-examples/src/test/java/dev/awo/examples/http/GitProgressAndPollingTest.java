package dev.awo.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Git progress from real git sandboxes, and a poller at 3 s over a real seven-step demo run. */
class GitProgressAndPollingTest {
  private static final Duration POLL_INTERVAL = Duration.ofSeconds(3);

  @TempDir Path dir;

  private static WorkOrderId create(DemoRunFixture fixture) throws Exception {
    HttpTestClient.Response created = fixture.http.post("/agent-work-orders", "{\"repository_url\": \""
        + fixture.repositoryUrl + "\", \"user_request\": \"Add a greeting flag\"}");
    assertEquals(201, created.status(), created.body());
    return WorkOrderId.of(created.json().get("agent_work_order_id").asText());
  }

  private static void awaitEnd(DemoRunFixture fixture, WorkOrderId id) throws Exception {
    // completes once the listeners (the logs, the SSE hub) have heard the final status too
    fixture.orchestrator.completion(id).get(60, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  @Timeout(120)
  void gitProgressComesFromTheSandboxWhileItExistsAndFromTheRecordAfterItIsGone() throws Exception {
    try (DemoRunFixture fixture = new DemoRunFixture(dir, false)) {
      WorkOrderId id = create(fixture);
      awaitEnd(fixture, id);
      assertEquals(WorkOrderStatus.COMPLETED, fixture.orchestrator.workOrder(id).orElseThrow().status());
      String path = "/agent-work-orders/" + id.value() + "/git-progress";
      HttpTestClient.Response live = fixture.http.get(path);
      assertEquals(200, live.status(), live.body());
      JsonNode progress = live.json();
      assertEquals("sandbox", progress.get("source").asText());
      assertEquals(id.value(), progress.get("agent_work_order_id").asText());
      assertTrue(progress.get("git_commit_count").asInt() >= 1, progress.toString());
      assertTrue(progress.get("git_files_changed").asInt() >= 1, progress.toString());
      assertFalse(progress.get("latest_commit_message").asText().isBlank(), progress.toString());
      assertEquals(fixture.orchestrator.workOrder(id).orElseThrow().branchName(), progress.get("git_branch_name").asText());
      assertNotEquals("not_started", progress.get("current_phase").asText());
      assertEquals(304, fixture.http.get(path, "If-None-Match", live.header("ETag")).status());

      assertTrue(fixture.orchestrator.releaseSandbox(id));
      JsonNode recorded = fixture.http.get(path).json();
      assertEquals("recorded", recorded.get("source").asText());
      assertEquals(fixture.orchestrator.workOrder(id).orElseThrow().diffStats().filesChanged(),
          recorded.get("git_files_changed").asInt());
      assertEquals(progress.get("git_commit_count"), recorded.get("git_commit_count"));
      assertEquals(progress.get("latest_commit_message"), recorded.get("latest_commit_message"));
      assertEquals(progress.get("git_branch_name"), recorded.get("git_branch_name"));
    }
  }

  /**
   * Each step is released right after a poll, so every save lands between two polls 3 s apart:
   * the poller must see each of the seven versions (200 with a new ETag), and 304 once it ends.
   */
  @Test
  @Timeout(180)
  void aPollerAtThreeSecondsSeesEveryChangeOfASevenStepRun() throws Exception {
    try (DemoRunFixture fixture = new DemoRunFixture(dir, true)) {
      WorkOrderId id = create(fixture);
      String steps = "/agent-work-orders/" + id.value() + "/steps";
      List<Integer> seenCounts = new ArrayList<>();
      List<String> etags = new ArrayList<>();
      String etag = null;
      int notModified = 0;
      for (int poll = 0; poll < 12 && (seenCounts.isEmpty() || seenCounts.get(seenCounts.size() - 1) < 7
          || notModified == 0); poll++) {
        HttpTestClient.Response answer = etag == null ? fixture.http.get(steps)
            : fixture.http.get(steps, "If-None-Match", etag);
        if (answer.status() == 304) {
          assertEquals("", answer.body());
          notModified++;
        } else {
          assertEquals(200, answer.status(), answer.body());
          etag = answer.header("ETag");
          etags.add(etag);
          seenCounts.add(answer.json().get("steps").size());
        }
        fixture.release();
        Thread.sleep(POLL_INTERVAL.toMillis());
      }
      assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), seenCounts, "every save seen once, in order");
      assertEquals(etags.size(), etags.stream().distinct().count(), "a new ETag for every save: " + etags);
      assertTrue(notModified >= 1, "an unchanged history answers 304");
    }
  }
}
