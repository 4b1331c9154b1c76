package dev.awo.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.internal.NodeExecutor;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live page in headless Chromium while work orders run: the agent's activity under the running
 * step, the elapsed time, cost and tokens, and the operator's controls (cancel, approve/reject,
 * follow-up prompt), all through the API with the access token. Screenshots go to
 * target/screenshots/ as build artifacts.
 */
@Timeout(180)
class LivePageInBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final String CREATE = "{\"repository_url\": \"https://github.com/acme/widgets\", \"user_request\": \"Add a flag\"";

  @TempDir Path dir;
  private HeadlessChromium browser;
  private ServerFixture fixture;

  @BeforeEach
  void startBrowser() throws Exception {
    browser = HeadlessChromium.startOrSkip(dir.resolve("profile"));
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (fixture != null) {
      fixture.close();
    }
  }

  private String create(String extra) throws Exception {
    HttpTestClient.Response r = fixture.http.post("/agent-work-orders", CREATE + extra + "}");
    assertEquals(201, r.status(), r.body());
    return r.json().get("agent_work_order_id").asText();
  }

  private void await(String expression, String what) throws Exception {
    assertTrue(HeadlessChromium.await(WAIT, () -> browser.holds(expression)),
        what + "; the page shows: " + browser.text("document.getElementById('detail').innerText"));
  }

  private WorkOrderStatus ended(String id) throws Exception {
    return fixture.orchestrator.completion(WorkOrderId.of(id)).get(30, TimeUnit.SECONDS).status();
  }

  private void click(String selector) throws Exception {
    browser.evaluate("(document.querySelector(\"" + selector + "\").click(), true)");
  }

  private void type(String selector, String text) throws Exception {
    browser.evaluate("(document.querySelector(\"" + selector + "\").value = " + HttpTestClient.JSON.writeValueAsString(text)
        + ", true)");
  }

  private Path screenshot(String name) throws Exception {
    Path shot = SHOTS.resolve(name);
    browser.screenshot(shot);
    assertTrue(Files.size(shot) > 1000, "a screenshot was saved: " + shot);
    return shot;
  }

  @Test
  @DisplayName("opened with the printed URL, the page selects the newest work order and shows the agent's actions under the running step as they happen, with a moving elapsed time")
  void feedShowsAgentActionsLive() throws Exception {
    CountDownLatch pageWatches = new CountDownLatch(1);
    fixture = new ServerFixture(dir.resolve("sandboxes"), true, UnaryOperator.identity(), agent -> (request, events) -> {
      try {
        pageWatches.await(30, TimeUnit.SECONDS); // the first step's events must not pass before the page listens
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return new ToolUsingAgent(agent, Duration.ofMillis(600)).execute(request, events);
    }, b -> {});
    String id = create("");
    browser.navigate(fixture.server.tokenUri()); // no ?id=: the newest work order is selected
    await("document.getElementById('live').textContent === 'live'", "the newest work order is selected and streaming");
    await("document.querySelector('#orders li.selected .id')?.textContent === '" + id + "'", "the list marks it selected");
    pageWatches.countDown();

    String feedItems = "document.querySelectorAll('#feed li:not(.waiting)').length";
    String saved = "document.querySelectorAll('#steps tbody tr:not(.running)').length";
    List<Integer> counts = new ArrayList<>();
    List<String> elapsed = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline && (counts.isEmpty() || counts.get(counts.size() - 1) < 2 * ToolUsingAgent.TOOLS + 2)) {
      int n = browser.number(feedItems);
      if (n > 0 && (counts.isEmpty() || counts.get(counts.size() - 1) != n)) {
        assertEquals(0, browser.number(saved), "the step is still running while its feed grows");
        counts.add(n);
        elapsed.add(browser.text("document.getElementById('elapsed').textContent"));
        if (counts.size() == 3) {
          screenshot("live-feed-running.png");
        }
      }
      Thread.sleep(50);
    }
    assertTrue(counts.size() >= 3, "the feed grew event by event while the step ran, not all at once at its end: " + counts);
    assertEquals(2 * ToolUsingAgent.TOOLS + 2, counts.get(counts.size() - 1), "text, 3 tool calls, 3 results, session start");
    assertTrue(browser.holds("[...document.querySelectorAll('#feed li.tool_use b')].map(b => b.textContent).join(',')"
        + " === 'Read,Grep,Bash'"), "each tool call shows its tool's name");
    assertTrue(browser.holds("document.querySelector('#feed li.tool_use code').textContent === 'src/main/java/App.java'"),
        "a tool call shows a one-line summary of its input: " + browser.text("document.getElementById('feed').innerText"));
    String feedText = browser.text("document.getElementById('feed').innerText");
    assertFalse(feedText.contains(ToolUsingAgent.PLANTED_TOKEN), "the token in the Bash call is redacted: " + feedText);
    assertTrue(feedText.contains("GH_TOKEN=*** mvn -q test"), feedText);
    assertTrue(feedText.contains("Tests run: 12, Failures: 0"), "tool results show: " + feedText);
    String before = browser.text("document.getElementById('elapsed').textContent");
    await("document.getElementById('elapsed').textContent !== '" + before + "'", "the elapsed time moves (" + before + ")");
    assertTrue(elapsed.stream().allMatch(t -> t.matches("\\d+:\\d\\d")), "elapsed looks like m:ss: " + elapsed);

    fixture.release(7);
    assertEquals(WorkOrderStatus.COMPLETED, ended(id));
    await("document.querySelector('#facts .badge').textContent === 'completed'", "the page shows the run completed");
    await("document.querySelectorAll('#steps tbody tr').length === 7", "seven saved steps, no running row left");
    assertEquals("$0.01", browser.text("document.querySelector('#steps tbody tr td:nth-child(6)').textContent"),
        "per-step cost from the step result");
    assertEquals("150", browser.text("document.querySelector('#steps tbody tr td:nth-child(7)').textContent"),
        "per-step tokens from the step result");
    assertEquals("cost $0.07 · tokens 1,050 · 7 saved attempts", browser.text("document.getElementById('totals').textContent"));
    screenshot("live-feed-completed.png");
    assertEquals(List.of(), browser.exceptions(), "the page threw no JavaScript exception");
  }

  @Test
  @DisplayName("the page's Cancel button stops a running work order through the API")
  void cancelFromThePage() throws Exception {
    fixture = new ServerFixture(dir.resolve("sandboxes"), true);
    String id = create("");
    fixture.awaitParkedAgent();
    browser.navigate(java.net.URI.create(fixture.server.tokenUri() + "&id=" + id));
    await("!document.getElementById('cancel-box').hidden", "the Cancel button shows for a running work order");
    screenshot("controls-cancel-before.png");
    click("#cancel");
    assertEquals(WorkOrderStatus.CANCELLED, ended(id));
    await("document.querySelector('#facts .badge').textContent === 'cancelled'", "the page shows it cancelled");
    await("document.getElementById('cancel-box').hidden", "no Cancel button once it ended");
    screenshot("controls-cancelled.png");
    assertEquals(List.of(), browser.exceptions(), "the page threw no JavaScript exception");
  }

  @Test
  @DisplayName("a waiting gate shows its message; the page approves one and rejects another with a reason, the error shown once and wrapped at word boundaries")
  void approveAndRejectFromThePage() throws Exception {
    fixture = new ServerFixture(dir.resolve("sandboxes"), false, UnaryOperator.identity(), UnaryOperator.identity(),
        b -> b.workflow(GateRoutesTest.GATED));
    String first = create(", \"workflow\": \"gated\"");
    String second = create(", \"workflow\": \"gated\"");
    for (String id : List.of(first, second)) {
      assertTrue(HeadlessChromium.await(WAIT, () -> !fixture.orchestrator.waitingGates(WorkOrderId.of(id)).isEmpty()));
    }
    browser.navigate(java.net.URI.create(fixture.server.tokenUri() + "&id=" + first));
    await("!document.getElementById('gates').hidden && document.querySelector('#gate-list .message') !== null",
        "the waiting gate shows");
    assertEquals("Ship 'Add a flag' as /feature?", browser.text("document.querySelector('#gate-list .message').textContent"));
    click("#gate-list button.danger");
    await("document.getElementById('control-result').textContent.startsWith('say why')", "a rejection needs a reason");
    assertEquals(WorkOrderStatus.WAITING, fixture.orchestrator.workOrder(WorkOrderId.of(first)).orElseThrow().status());
    screenshot("controls-gate-waiting.png");
    click("#gate-list button.approve");
    assertEquals(WorkOrderStatus.COMPLETED, ended(first));
    await("document.querySelector('#facts .badge').textContent === 'completed'", "the approved run completes on the page");

    browser.navigate(java.net.URI.create(fixture.server.tokenUri() + "&id=" + second));
    await("document.querySelector('#gate-list .reason') !== null", "the second gate shows");
    String reason = "The flag changes the command line contract that downstream deployment scripts depend on,"
        + " so it needs a migration note, a deprecation period and documentation before anyone ships it";
    type("#gate-list .reason", reason);
    click("#gate-list button.danger");
    assertEquals(WorkOrderStatus.FAILED, ended(second));
    StepResult decision = fixture.orchestrator.stepHistory(WorkOrderId.of(second)).latest("approve").orElseThrow();
    assertEquals("rejected", decision.data().get("decision"));
    await("document.getElementById('error') !== null", "the page shows the work order's error");
    String page = browser.text("document.body.innerText");
    assertEquals(1, page.split("downstream deployment scripts", -1).length - 1, "the error is shown once: " + page);
    assertTrue(browser.holds("document.querySelector('#steps td.out .see') !== null"),
        "the failed step's row points at the error instead of repeating it");
    assertTrue(browser.holds("getComputedStyle(document.getElementById('error')).wordBreak === 'normal'"
        + " && getComputedStyle(document.getElementById('error').parentElement).wordBreak === 'normal'"),
        "the error wraps at word boundaries, not mid-word");
    assertTrue(browser.holds("document.getElementById('error').getClientRects().length > 1"), "a long error wraps");
    screenshot("controls-gate-rejected.png");
    assertEquals(List.of(), browser.exceptions(), "the page threw no JavaScript exception");
  }

  @Test
  @DisplayName("the page sends a follow-up prompt to a finished work order, shows the agent working on it live, then its saved result")
  void followUpFromThePage() throws Exception {
    fixture = new ServerFixture(dir.resolve("sandboxes"), false, UnaryOperator.identity(), agent -> (request, events) ->
        request.step().equals(NodeExecutor.FOLLOW_UP_STEP)
            ? new ToolUsingAgent(agent, Duration.ofMillis(400)).execute(request, events) : agent.execute(request, events),
        b -> {});
    String older = create("");
    assertEquals(WorkOrderStatus.COMPLETED, ended(older));
    String id = create("");
    assertEquals(WorkOrderStatus.COMPLETED, ended(id));
    browser.navigate(fixture.server.tokenUri());
    await("document.querySelector('#facts dd') && document.querySelector('#facts dd').textContent === '" + id + "'",
        "the newest of two work orders is selected");
    await("!document.getElementById('prompt-form').hidden", "a finished work order offers the follow-up prompt");
    type("#prompt-text", "Also add the flag to the README");
    browser.evaluate("(document.getElementById('prompt-form').requestSubmit(), true)");
    await("document.querySelectorAll('#feed li.tool_use').length >= 2", "the follow-up's tool calls show while it runs");
    assertTrue(browser.holds("!document.getElementById('control-result').textContent.startsWith('follow-up done')"),
        "the feed showed before the prompt's answer came");
    browser.evaluate("(document.getElementById('feed').scrollIntoView({block: 'end'}), true)");
    screenshot("controls-follow-up-running.png");
    await("document.getElementById('control-result').textContent.startsWith('follow-up done')", "the follow-up ran");
    await("document.querySelectorAll('#steps tbody tr').length === 8", "the follow-up's result is listed as a step");
    List<StepResult> results = fixture.orchestrator.stepHistory(WorkOrderId.of(id)).results();
    assertEquals(NodeExecutor.FOLLOW_UP_STEP, results.get(results.size() - 1).step());
    assertTrue(fixture.agent.requests().get(fixture.agent.requests().size() - 1).prompt().contains("Also add the flag to the README"));
    screenshot("controls-follow-up.png");
    assertEquals(List.of(), browser.exceptions(), "the page threw no JavaScript exception");
  }

  @Test
  @DisplayName("markup in the request, a gate's message and the agent's text and tool input is shown as text, never run")
  void hostileTextIsShownAsText() throws Exception {
    String markup = "<img src=x onerror=\\\"window.pwned=1\\\">";
    CountDownLatch pageWatches = new CountDownLatch(1);
    fixture = new ServerFixture(dir.resolve("sandboxes"), true, UnaryOperator.identity(), agent -> (request, events) -> {
      try {
        pageWatches.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      events.accept(new dev.awo.spi.agent.AgentEvent.AssistantText("m", "<img src=x onerror=\"window.pwned=2\">"));
      events.accept(new dev.awo.spi.agent.AgentEvent.ToolUse("m", "t1", "<b onmouseover=x>Bash</b>",
          "{\"command\":\"echo '<script>window.pwned=3</script>'\"}"));
      return agent.execute(request, events);
    }, b -> b.workflow(GateRoutesTest.GATED));
    HttpTestClient.Response r = fixture.http.post("/agent-work-orders", "{\"repository_url\": \"https://github.com/acme/widgets\","
        + " \"user_request\": \"" + markup + "\", \"workflow\": \"gated\"}");
    assertEquals(201, r.status(), r.body());
    String id = r.json().get("agent_work_order_id").asText();
    browser.navigate(fixture.server.tokenUri());
    await("document.getElementById('live').textContent === 'live'", "the page watches the run");
    pageWatches.countDown();
    await("document.querySelectorAll('#feed li.tool_use').length === 1", "the agent's events show");
    String feed = browser.text("document.getElementById('feed').innerText");
    assertTrue(feed.contains("<img src=x onerror=") && feed.contains("<b onmouseover=x>Bash</b>")
        && feed.contains("<script>window.pwned=3</script>"), "the feed shows the markup as text: " + feed);
    fixture.release();
    assertTrue(HeadlessChromium.await(WAIT, () -> !fixture.orchestrator.waitingGates(WorkOrderId.of(id)).isEmpty()));
    await("document.querySelector('#gate-list .message') !== null", "the gate shows");
    assertTrue(browser.text("document.querySelector('#gate-list .message').textContent").contains("<img src=x onerror="),
        "the gate's message shows the markup as text");
    assertTrue(browser.holds("document.querySelectorAll('#detail img, #orders img, #detail script, #detail b[onmouseover]').length === 0"),
        "no element was made from the text");
    assertTrue(browser.holds("window.pwned === undefined"), "no script from the text ran");
    assertEquals(List.of(), browser.exceptions(), "the page threw no JavaScript exception");
  }
}
