package dev.awo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("--serve without --repo/--request/--issue serves an existing store and starts nothing")
@Timeout(180)
class ServeStoreTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  @Test
  @DisplayName("which options mean browsing: --serve alone (with --store and the like), not with something to run")
  void browseOnlyOptions() {
    assertTrue(RunnerOptions.parse("--serve", "0").browseOnly());
    assertTrue(RunnerOptions.parse("--serve", "0", "--store", "jdbc:h2:/tmp/x", "--agent", "claude").browseOnly());
    assertFalse(RunnerOptions.parse("--serve", "0", "--request", "Add a flag").browseOnly());
    assertFalse(RunnerOptions.parse("--serve", "0", "--repo", "/tmp/r", "--request", "Add a flag").browseOnly());
    assertFalse(RunnerOptions.parse().browseOnly(), "no --serve: the demo runs");
    assertFalse(RunnerOptions.parse("--store", "jdbc:h2:/tmp/x").browseOnly());
  }

  @Test
  @DisplayName("a second runner on the same JDBC store serves the first run's work order and steps, and starts no work order")
  void servesTheStoreWithoutRunning() throws Exception {
    String store = "jdbc:h2:" + temp.resolve("store").toAbsolutePath();
    AwoRunnerTest.Run first = AwoRunnerTest.run("--workdir", temp.resolve("work").toString(), "--store", store);
    assertEquals(0, first.exit(), first.err() + first.out());

    CountDownLatch stopServing = new CountDownLatch(1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> runner = pool.submit(() -> AwoRunner.run(new String[] {"--store", store,
          "--workdir", temp.resolve("browse").toString(), "--serve", "0"},
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
          null, stopServing));
      Matcher url = awaitPrinted(out, runner, Pattern.compile("Serving (http://127\\.0\\.0\\.1:\\d+/)\\?token=([A-Za-z0-9._~-]+)"));
      String printed = out.toString(StandardCharsets.UTF_8);
      assertTrue(printed.contains("no work order started") && printed.contains("(1 work order)"), printed);
      assertFalse(printed.contains("[1/7]"), "no step ran: " + printed);
      URI base = URI.create(url.group(1));
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      JsonNode list = get(http, base.resolve("agent-work-orders"), url.group(2));
      assertEquals(1, list.size(), list.toString());
      String id = list.get(0).get("agent_work_order_id").asText();
      assertTrue(first.out().contains(id), "the first run's work order: " + first.out());
      assertEquals("completed", list.get(0).get("status").asText());
      assertEquals(7, get(http, base.resolve("agent-work-orders/" + id + "/steps"), url.group(2)).get("steps").size());
      assertEquals(1, get(http, base.resolve("agent-work-orders"), url.group(2)).size(), "still no new work order");
      stopServing.countDown();
      assertEquals(0, runner.get(60, TimeUnit.SECONDS), printed + err);
    } finally {
      stopServing.countDown();
      pool.shutdownNow();
    }
  }

  private static JsonNode get(HttpClient http, URI uri, String token) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }

  private static Matcher awaitPrinted(ByteArrayOutputStream out, Future<Integer> runner, Pattern pattern) {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline && !runner.isDone()) {
      Matcher m = pattern.matcher(out.toString(StandardCharsets.UTF_8));
      if (m.find()) {
        return m;
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    throw new AssertionError("the runner never printed " + pattern + ": " + out.toString(StandardCharsets.UTF_8));
  }
}
