package dev.awo.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page in a real browser (Debian's headless Chromium): opened with the token URL the runner
 * prints, it lists the work orders and shows each step the moment it is saved, over the event
 * stream. A screenshot is kept in target/page-test/ as a build artifact. Without Chromium the test
 * is skipped, unless {@code AWO_REQUIRE_REAL_CLIS=1}, where it fails.
 */
@Timeout(180)
class PageInBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;
  private ServerFixture fixture;
  private HeadlessChromium browser;

  @BeforeEach
  void startBrowser() throws Exception {
    browser = HeadlessChromium.startOrSkip(dir.resolve("profile"));
    fixture = new ServerFixture(dir.resolve("sandboxes"), true);
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

  private boolean holds(String expression) {
    return browser.holds(expression);
  }

  private int number(String expression) throws Exception {
    return browser.number(expression);
  }

  @Test
  @DisplayName("opened with the token URL, the page lists work orders and shows steps live as each is saved")
  void pageWorksEndToEndWithTheToken() throws Exception {
    String id = fixture.http.post("/agent-work-orders",
        "{\"repository_url\": \"https://github.com/acme/widgets\", \"user_request\": \"Add a flag\"}")
        .json().get("agent_work_order_id").asText();
    URI page = URI.create(fixture.server.tokenUri() + "&id=" + id);
    browser.navigate(page);

    assertTrue(HeadlessChromium.await(WAIT, () -> holds(
        "[...document.querySelectorAll('#orders .id')].some(e => e.textContent === '" + id + "')")),
        "the page lists the work order: " + browser.evaluate("document.body.innerText").asText());
    assertTrue(holds("document.getElementById('health').textContent.startsWith('server ok')"));
    assertFalse(browser.evaluate("location.href").asText().contains("token="),
        "the token is taken out of the address bar");
    assertTrue(HeadlessChromium.await(WAIT, () -> holds("document.getElementById('live').textContent === 'live'")),
        "the event stream is connected");

    String savedRows = "document.querySelectorAll('#steps tbody tr:not(.running)').length";
    for (int k = 1; k <= 7; k++) {
      fixture.release(); // exactly one more step runs and is saved
      int expected = k;
      assertTrue(HeadlessChromium.await(WAIT, () -> {
        try {
          return number(savedRows) == expected;
        } catch (Exception e) {
          return false;
        }
      }), "step " + k + " appears in the page while step " + (k + 1) + " still waits: " + number(savedRows) + " rows");
      if (k == 3) {
        browser.screenshot(Path.of("target", "page-test", "awo-page-live.png"));
      }
    }
    assertTrue(HeadlessChromium.await(WAIT, () -> holds(
        "document.querySelector('#facts .badge') && document.querySelector('#facts .badge').textContent === 'completed'")),
        "the work order shows as completed");
    assertEquals("create_pr", browser.evaluate(
        "document.querySelector('#steps tbody tr:last-child td:nth-child(2)').textContent").asText());
    Path shot = Path.of("target", "page-test", "awo-page.png");
    browser.screenshot(shot);
    assertTrue(Files.size(shot) > 1000, "a screenshot was saved");
    assertEquals(java.util.List.of(), browser.exceptions(), "the page threw no JavaScript exception");
  }

  @Test
  @DisplayName("for a finished run on real git, the page shows the phase tracker, the git statistics and the form's choices")
  void pageShowsThePhaseTrackerAndGitStatisticsOfAFinishedRun() throws Exception {
    try (DemoRunFixture demo = new DemoRunFixture(dir.resolve("demo-run"), false)) {
      String id = demo.http.post("/agent-work-orders", "{\"repository_url\": \"" + demo.repositoryUrl
          + "\", \"user_request\": \"Add a greeting flag\"}").json().get("agent_work_order_id").asText();
      assertTrue(HeadlessChromium.await(WAIT, () -> demo.orchestrator.workOrder(dev.awo.domain.WorkOrderId.of(id))
          .orElseThrow().status().isTerminal()), "the demo run ended");
      browser.navigate(URI.create(demo.server.tokenUri() + "&id=" + id));
      assertTrue(HeadlessChromium.await(WAIT, () -> holds("!document.getElementById('git').hidden")),
          "the phase tracker appears: " + browser.evaluate("document.body.innerText").asText());
      assertEquals("completed", browser.evaluate("document.querySelector('#phases li.current').dataset.phase").asText());
      assertEquals(5, number("document.querySelectorAll('#phases li.done').length"));
      assertTrue(number("Number(document.getElementById('git-commits').textContent)") >= 1, "commits shown");
      assertTrue(number("Number(document.getElementById('git-files').textContent)") >= 1, "files changed shown");
      String latest = browser.evaluate("document.getElementById('git-latest').textContent").asText();
      assertEquals(demo.http.get("/agent-work-orders/" + id + "/git-progress").json().get("latest_commit_message").asText(),
          latest);
      assertTrue(HeadlessChromium.await(WAIT, () -> holds("document.querySelectorAll('#sandbox_type option').length > 1"
          + " && document.querySelectorAll('#workflow option').length > 1")), "the form offers sandbox types and workflows");
      assertTrue(holds("[...document.querySelectorAll('#workflow option')].some(o => o.value === 'default')"));
      Path shot = Path.of("target", "page-test", "awo-page-git.png");
      browser.screenshot(shot);
      assertTrue(Files.size(shot) > 1000, "a screenshot was saved");
      assertEquals(java.util.List.of(), browser.exceptions(), "the page threw no JavaScript exception");
    }
  }

  @Test
  @DisplayName("a configured repository is picked, verified and gives its default sandbox type to the work order created")
  void pagePicksAConfiguredRepositoryVerifiesItAndCreatesWithItsDefaults() throws Exception {
    try (DemoRunFixture demo = new DemoRunFixture(dir.resolve("demo-pick"), false)) {
      HttpTestClient.Response configured = demo.http.post("/repositories", "{\"repository_url\": \""
          + demo.repositoryUrl + "\", \"display_name\": \"Demo\", \"default_sandbox_type\": \"git_worktree\"}");
      assertEquals(201, configured.status(), configured.body());
      String repoId = configured.json().get("id").asText();
      browser.navigate(demo.server.tokenUri());
      assertTrue(HeadlessChromium.await(WAIT, () -> holds("document.querySelectorAll('#configured option').length === 2")),
          "the configured repository is offered: " + browser.evaluate("document.body.innerText").asText());
      browser.evaluate("(() => { const s = document.getElementById('configured'); s.value = '" + repoId + "';"
          + " s.dispatchEvent(new Event('change')); return true; })()");
      assertEquals(demo.repositoryUrl, browser.evaluate("document.getElementById('repository_url').value").asText());
      browser.evaluate("(document.getElementById('verify').click(), true)");
      assertTrue(HeadlessChromium.await(WAIT, () -> holds(
          "document.getElementById('verify-result').textContent.startsWith('accessible: acme/demo')")),
          "the verify action shows the answer: " + browser.evaluate("document.getElementById('verify-result').textContent").asText());
      browser.evaluate("(() => { document.querySelector('#create textarea').value = 'Add a greeting flag';"
          + " document.getElementById('create').requestSubmit(); return true; })()");
      assertTrue(HeadlessChromium.await(WAIT, () -> holds(
          "document.getElementById('create-result').textContent.startsWith('created wo-')")),
          "the work order was created: " + browser.evaluate("document.getElementById('create-result').textContent").asText());
      String id = browser.evaluate("document.getElementById('create-result').textContent.slice(8)").asText();
      assertEquals(dev.awo.domain.SandboxType.GIT_WORKTREE,
          demo.orchestrator.workOrder(dev.awo.domain.WorkOrderId.of(id)).orElseThrow().sandboxType(),
          "the configured default sandbox type was applied");
      browser.screenshot(Path.of("target", "page-test", "awo-page-configured.png"));
      assertEquals(java.util.List.of(), browser.exceptions(), "the page threw no JavaScript exception");
    }
  }

  @Test
  @DisplayName("opened without the token, the page says so and shows no work order")
  void pageWithoutTokenShowsNothing() throws Exception {
    fixture.http.post("/agent-work-orders",
        "{\"repository_url\": \"https://github.com/acme/widgets\", \"user_request\": \"Add a flag\"}");
    browser.navigate(fixture.server.uri());
    assertTrue(HeadlessChromium.await(WAIT, () -> holds(
        "document.getElementById('health').textContent.includes('no access token')")),
        "the page explains the missing token: " + browser.evaluate("document.body.innerText").asText());
    assertEquals(0, number("document.querySelectorAll('#orders .id').length"));
  }
}
