package dev.awo.examples.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.WorkOrder;
import dev.awo.examples.AwoRunner;
import dev.awo.examples.demo.DemoRepository;
import dev.awo.examples.jdbc.JdbcStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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

/**
 * A GitHub token pasted into a request (issue 13) reaches none of the places a work order's text
 * goes: the store, the operator's terminal, the JSON event lines, the HTTP answers, the event
 * stream, and the git history pushed to the remote. The demo agent quotes the request into its
 * commit message, so a token that got past intake would land in the remote's history.
 */
class PlantedTokenTest {
  private static final String TOKEN = "ghp_" + "Zq8wP1xK4mN7bV2cL5jH9gF3dS6aQ0eR1tY4";
  private static final String REQUEST = "Add a greeting. My token is " + TOKEN + " if you need it";

  @TempDir Path temp;

  @Test
  @Timeout(240)
  @DisplayName("a token in the request text is in none of the six sinks, each of which holds the rest of the request")
  void plantedTokenReachesNoSink() throws Exception {
    Map<String, String> sinks = new LinkedHashMap<>();
    Path work = temp.resolve("work");
    String store = "jdbc:h2:" + temp.resolve("store").toAbsolutePath();

    // 1. terminal (progress header, step lines, summary) and 3-5. HTTP answers and the event stream
    CountDownLatch stopServing = new CountDownLatch(1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> runner = pool.submit(() -> AwoRunner.run(new String[] {"--request", REQUEST,
          "--workdir", work.toString(), "--store", store, "--serve", "0"},
          new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
          null, stopServing));
      Matcher url = awaitPrinted(out, runner, Pattern.compile("(http://127\\.0\\.0\\.1:\\d+/)\\?token=([A-Za-z0-9._~-]+)"));
      URI base = URI.create(url.group(1));
      String token = url.group(2);
      awaitPrinted(out, runner, Pattern.compile("Serving "));
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      String list = get(http, base.resolve("agent-work-orders"), token);
      Matcher id = Pattern.compile("\"agent_work_order_id\"\\s*:\\s*\"(wo-[0-9a-f]{8})\"").matcher(list);
      assertTrue(id.find(), list);
      String order = "agent-work-orders/" + id.group(1);
      sinks.put("HTTP list and work order", list + get(http, base.resolve(order), token));
      sinks.put("HTTP steps and logs", get(http, base.resolve(order + "/steps"), token)
          + get(http, base.resolve(order + "/logs"), token));
      sinks.put("event stream", get(http, base.resolve(order + "/events?token=" + token), token));
      stopServing.countDown();
      assertEquals(0, runner.get(60, TimeUnit.SECONDS), out.toString(StandardCharsets.UTF_8) + err);
      sinks.put("terminal", out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
    } finally {
      stopServing.countDown();
      pool.shutdownNow();
    }

    // 2. the JSON event lines of a second run on the same work directory and store
    ByteArrayOutputStream jsonl = new ByteArrayOutputStream();
    assertEquals(0, AwoRunner.run(new String[] {"--request", REQUEST, "--workdir", work.toString(), "--store", store,
        "--events", "jsonl"}, new PrintStream(jsonl, true, StandardCharsets.UTF_8), new PrintStream(
        new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    sinks.put("JSON event lines", jsonl.toString(StandardCharsets.UTF_8));

    // 6. the store, read back after both runs
    try (JdbcStore opened = JdbcStore.open(store)) {
      StringBuilder stored = new StringBuilder();
      for (WorkOrder w : opened.workOrders().list()) {
        stored.append(w).append('\n').append(opened.stepHistories().find(w.id()).orElseThrow().results());
      }
      sinks.put("store", stored.toString());
    }

    // 7. the git history pushed to the demo remote (the demo agent quotes the request in its commit)
    Path remote = DemoRepository.openOrCreate(work).remote();
    Process git = new ProcessBuilder("git", "-C", remote.toString(), "log", "--all", "--format=%B", "-p")
        .redirectErrorStream(true).start();
    String history = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(git.waitFor(30, TimeUnit.SECONDS));
    sinks.put("git history on the remote", history);

    assertEquals(7, sinks.size());
    for (Map.Entry<String, String> sink : sinks.entrySet()) {
      assertFalse(sink.getValue().contains(TOKEN), "the token reached the " + sink.getKey());
      assertFalse(sink.getValue().contains("Zq8wP1xK4m"), "a prefix of the token reached the " + sink.getKey());
    }
    for (String key : new String[] {"store", "HTTP list and work order", "JSON event lines"}) {
      assertTrue(sinks.get(key).contains("My token is"), "the " + key + " holds the request, redacted: "
          + excerpt(sinks.get(key)));
    }
    assertTrue(sinks.get("git history on the remote").contains("greeting"), excerpt(history));
  }

  private static String get(HttpClient http, URI uri, String token) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
        .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), uri + ": " + r.body());
    return r.body();
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

  private static String excerpt(String text) {
    return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
  }
}
