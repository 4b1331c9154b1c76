package dev.awo.examples.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.awo.claude.ClaudeCodeConfig;
import dev.awo.examples.AwoRunner;
import dev.awo.examples.RunnerWiring;
import dev.awo.examples.demo.DemoRepository;
import dev.awo.github.GhConfig;
import dev.awo.github.mock.MockGitHubServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * The whole seven-step workflow through the runner's wiring, with the real Claude Code CLI (its API
 * scripted so each step's agent does that step's job with Bash tool calls) and the real gh (its API
 * mocked), on a local git remote, watched through the live {@code /steps} endpoint.
 */
class EndToEndTest {
  /** The access token the runner printed (set once the server is up). */
  private static volatile String token;

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  @Test
  @Timeout(600)
  @DisplayName("Claude Code and gh carry out all seven steps; the PR is opened on the mock and a poller sees 0..7 saved steps, one at a time")
  void wholeWorkflowWithRealClis() throws Exception {
    Path claude = RealClis.claude();
    Path gh = RealClis.gh();
    DemoRepository remote = DemoRepository.create(temp.resolve("origin"));
    try (ScriptedAnthropicApi api = new ScriptedAnthropicApi(); MockGitHubServer github = MockGitHubServer.start()) {
      github.addRepository("acme", "widgets", "main");
      String ghEnv = "HTTP_PROXY=" + github.proxyUrl() + " GH_HOST=" + MockGitHubServer.HOST + " ";
      ScriptedWork.sixStepsThen(api,
              body -> ScriptedAnthropicApi.Reply.bash("git push -u origin " + ScriptedWork.branch(body) + " && "
                  + ghEnv + gh + " pr create --repo " + MockGitHubServer.HOST + "/acme/widgets --head " + ScriptedWork.branch(body)
                  + " --base main --title 'Greet new contributors' --body 'Work order: " + ScriptedWork.workOrder(body) + "'"),
              body -> ScriptedAnthropicApi.Reply.text(ScriptedWork.prUrl(body)))
          .script("# Follow-up",
              body -> ScriptedAnthropicApi.Reply.bash("printf 'Thanks for contributing!\\n' > FOLLOWUP.md"),
              body -> ScriptedAnthropicApi.Reply.text("Added FOLLOWUP.md."));

      RunnerWiring.Adapters adapters = new RunnerWiring.Adapters(
          ClaudeCodeConfig.builder().cliPath(claude).model("sonnet").skipPermissions(true).apiKey("dummy-test-key")
              .isolatedHome(temp.resolve("homes")).timeout(Duration.ofMinutes(3))
              .environment("ANTHROPIC_BASE_URL", api.baseUrl()).environment("CLAUDE_CODE_MAX_RETRIES", "0")
              .environment("GH_TOKEN", "mock-gh-token").environment("GH_CONFIG_DIR", temp.resolve("gh").toString())
              .environment("GH_PROMPT_DISABLED", "1").environment("GH_NO_UPDATE_NOTIFIER", "1")
              .build(),
          GhConfig.builder().ghPath(gh.toString()).token("mock-gh-token").host(MockGitHubServer.HOST)
              .env("HTTP_PROXY", github.proxyUrl()).configDir(temp.resolve("gh")).build());
      int port = freePort();
      CountDownLatch stopServing = new CountDownLatch(1);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        Future<Integer> runner = pool.submit(() -> AwoRunner.run(new String[] {
            "--agent", "claude", "--repo", remote.remoteUrl(), "--request", "Greet new contributors in the README",
            "--workdir", temp.resolve("work").toString(), "--serve", Integer.toString(port)},
            new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
            adapters, stopServing));
        URI base = URI.create("http://127.0.0.1:" + port + "/");
        token = awaitPrintedToken(out, runner);
        List<Integer> seen = pollStepCounts(base, runner);
        followUpResumesTheSessionInTheKeptSandbox(base, api);
        stopServing.countDown();
        int exit = runner.get(60, TimeUnit.SECONDS);
        String output = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, output + err.toString(StandardCharsets.UTF_8) + "\nunmatched: " + api.unmatched());

        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), seen, "the step count rose one save at a time");
        assertEquals(1, github.createdPullRequests().size(), "one pull request was opened on the mock: " + github.operations());
        MockGitHubServer.PullRequest pr = github.createdPullRequests().get(0);
        assertTrue(pr.head().matches("feature-wo-[0-9a-f]{8}-add-greeting"), pr.head());
        assertEquals("main", pr.base());
        assertTrue(remote.remoteBranches().contains(pr.head()), "the branch was pushed to the local remote");
        assertTrue(output.contains("pull request " + pr.url()), output);
        assertTrue(output.contains("[7/7] create_pr"), output);
        assertTrue(output.contains("diff (git)   2 files changed"), output);
      } finally {
        stopServing.countDown();
        pool.shutdownNow();
      }
    }
  }

  /**
   * A follow-up prompt through {@code POST /prompt}: the real CLI resumes the last step's session
   * (the mock receives the earlier conversation) in the kept sandbox, and the exchange is saved as
   * an eighth step.
   */
  private static void followUpResumesTheSessionInTheKeptSandbox(URI base, ScriptedAnthropicApi api) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String id = get(client, base.resolve("agent-work-orders")).get(0).get("agent_work_order_id").asText();
    // the live feed of the follow-up, as the page watches it: the stream is open before the prompt is sent
    HttpResponse<java.util.stream.Stream<String>> feed = client.send(HttpRequest.newBuilder(
        base.resolve("agent-work-orders/" + id + "/events?follow_up=true&token=" + token)).timeout(Duration.ofMinutes(3)).build(),
        HttpResponse.BodyHandlers.ofLines());
    java.util.Iterator<String> feedLines = feed.body().iterator();
    assertEquals("event: snapshot", feedLines.next());
    HttpResponse<String> reply = client.send(HttpRequest.newBuilder(base.resolve("agent-work-orders/" + id + "/prompt"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"prompt\": \"# Follow-up\\nThank contributors in FOLLOWUP.md\"}"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .timeout(Duration.ofMinutes(3)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, reply.statusCode(), reply.body());
    List<JsonNode> agentEvents = new ArrayList<>();
    String event = null;
    while (feedLines.hasNext()) { // the server ends the stream after the follow-up's result is saved
      String line = feedLines.next();
      if (line.startsWith("event: ")) {
        event = line.substring(7);
      } else if (line.startsWith("data: ") && "agent_event".equals(event)) {
        agentEvents.add(JSON.readTree(line.substring(6)));
      }
    }
    assertEquals("step_history_saved", event, "the follow-up stream ends with the prompt's result");
    assertTrue(agentEvents.stream().anyMatch(e -> e.path("type").asText().equals("tool_use")
        && e.path("tool").asText().equals("Bash") && e.path("input").asText().contains("FOLLOWUP.md")
        && e.path("step").asText().equals("prompt") && e.path("attempt").asInt() == 1),
        "the real CLI's tool call reached the event stream live: " + agentEvents);
    assertTrue(agentEvents.stream().anyMatch(e -> e.path("type").asText().equals("tool_result")), agentEvents.toString());
    assertTrue(agentEvents.stream().anyMatch(e -> e.path("type").asText().equals("result")
        && e.path("usage").path("total_tokens").asLong() > 0), "the CLI's final report carries its tokens: " + agentEvents);
    JsonNode steps = get(client, base.resolve("agent-work-orders/" + id + "/steps")).get("steps");
    assertEquals(8, steps.size(), steps.toString());
    JsonNode followUp = steps.get(7);
    assertEquals("prompt", followUp.get("step").asText());
    assertTrue(followUp.get("token_usage").path("total_tokens").asLong() > 0,
        "the CLI's reported tokens are in the step's JSON: " + followUp);
    assertTrue(followUp.get("success").asBoolean(), followUp.toString());
    assertEquals(steps.get(6).get("session_id").asText(), followUp.get("session_id").asText(),
        "the follow-up resumed the session of the last step");
    String lastRequest = api.requests().get(api.requests().size() - 1);
    assertTrue(lastRequest.contains("# Open the pull request") && lastRequest.contains("# Follow-up"),
        "the resumed conversation carries the earlier history");
    String sandbox = get(client, base.resolve("agent-work-orders/" + id)).get("sandbox_path").asText();
    assertTrue(java.nio.file.Files.isRegularFile(Path.of(sandbox, "FOLLOWUP.md")), "the follow-up worked in the kept sandbox");
  }

  /** Polls the live endpoints until the work order ends; returns the distinct step counts seen, in order. */
  private static List<Integer> pollStepCounts(URI base, Future<Integer> runner) throws Exception {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    String id = null;
    List<Integer> seen = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(9);
    while (System.nanoTime() < deadline && !runner.isDone()) {
      try {
        if (id == null) {
          JsonNode orders = get(client, base.resolve("agent-work-orders"));
          if (orders.size() > 0) {
            id = orders.get(0).get("agent_work_order_id").asText();
          }
        } else {
          // status first: the last save happens before the final status, so steps read after an ended
          // status are complete
          String status = get(client, base.resolve("agent-work-orders/" + id)).get("status").asText();
          int count = get(client, base.resolve("agent-work-orders/" + id + "/steps")).get("steps").size();
          if (seen.isEmpty() || seen.get(seen.size() - 1) != count) {
            seen.add(count);
          }
          if (status.equals("completed") || status.equals("failed") || status.equals("cancelled")) {
            return seen;
          }
        }
      } catch (java.net.ConnectException e) {
        // the server is not up yet
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    return seen;
  }

  /** The access token from the URL the runner prints when it starts serving ({@code ...?token=...}). */
  private static String awaitPrintedToken(ByteArrayOutputStream out, Future<Integer> runner) {
    Pattern printed = Pattern.compile("http://127\\.0\\.0\\.1:\\d+/\\?token=([A-Za-z0-9._~-]+)");
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline && !runner.isDone()) {
      Matcher m = printed.matcher(out.toString(StandardCharsets.UTF_8));
      if (m.find()) {
        return m.group(1);
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
    }
    throw new AssertionError("the runner printed no URL with an access token: " + out.toString(StandardCharsets.UTF_8));
  }

  private static JsonNode get(HttpClient client, URI uri) throws Exception {
    HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).GET()
        .build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body());
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
