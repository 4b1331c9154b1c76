package dev.awo.examples.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.examples.AwoRunner;
import dev.awo.examples.RunnerWiring;
import dev.awo.examples.demo.DemoRepository;
import dev.awo.examples.jdbc.JdbcStore;
import dev.awo.git.testing.GitHttpServer;
import dev.awo.git.testing.ProcessWatch;
import dev.awo.github.mock.MockGitHubServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The path a real user is on, with the real Claude Code CLI, gh and git: a private repository on a
 * GitHub host (git smart HTTP that wants the token), the runner given only an environment, every
 * program reaching its host through the user's proxy, the agent's API behind a gateway URL.
 */
@Timeout(600)
class FieldPathTest {
  private static final String TOKEN = "ghp_FieldPathToken1234567890abcdefXYZ";
  private static final String REPO = "http://" + MockGitHubServer.HOST + "/acme/remote.git";

  @TempDir Path temp;
  private DemoRepository origin;
  private GitHttpServer git;
  private MockGitHubServer github;
  private ScriptedAnthropicApi api;
  private LoopbackRoutes routes;

  @BeforeEach
  void start() throws IOException {
    origin = DemoRepository.create(temp.resolve("repos/acme"));
    git = new GitHttpServer(temp.resolve("repos"), TOKEN);
    github = MockGitHubServer.start();
    github.addRepository("acme", "remote", "main");
    github.addIssue("acme", "remote", 7, "Greet new contributors", "Say hello in the README.", "OPEN", List.of());
    github.requireHeadBranch(head -> origin.remoteBranches().contains(head));
    api = new ScriptedAnthropicApi();
    routes = new LoopbackRoutes(api.baseUrl(), github.proxyUrl(), git);
  }

  @AfterEach
  void stop() {
    routes.close();
    api.close();
    github.close();
    git.close();
  }

  /** The environment a user has: the route to the API and GitHub, the CLIs; no token unless added. */
  private Map<String, String> environment() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", Files.createDirectories(temp.resolve("home")).toString());
    env.put("PATH", System.getenv("PATH"));
    env.put("AWO_CLAUDE_CLI", RealClis.claude().toString());
    env.put("AWO_GH_CLI", RealClis.gh().toString());
    env.put("GH_HOST", MockGitHubServer.HOST);
    env.put("HTTP_PROXY", routes.proxyUrl());
    env.put("http_proxy", routes.proxyUrl());
    env.put("ANTHROPIC_BASE_URL", "http://" + LoopbackRoutes.ANTHROPIC_HOST);
    env.put("ANTHROPIC_API_KEY", "dummy-test-key");
    env.put("CLAUDE_CODE_MAX_RETRIES", "0");
    return env;
  }

  record Run(int exit, String out, String err, String logs) {
    String all() {
      return out + err + logs;
    }
  }

  private Run run(Map<String, String> env, String... args) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream systemErr = System.err;
    System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8)); // slf4j-simple writes here
    try {
      int exit = AwoRunner.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
          new PrintStream(err, true, StandardCharsets.UTF_8), RunnerWiring.Adapters.fromEnvironment(env),
          new CountDownLatch(0));
      return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
          logs.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(systemErr);
    }
  }

  private String store() {
    return "jdbc:h2:" + temp.resolve("store/awo");
  }

  @Test
  @DisplayName("only GH_TOKEN: the private repository is cloned, the agent pushes and opens the PR with it; the token is in no argv, file, stored output or log line")
  void onlyGhToken() throws Exception {
    ScriptedWork.sixStepsThen(api,
        body -> ScriptedAnthropicApi.Reply.bash("git push -u origin " + ScriptedWork.branch(body)
            + " && gh pr create --head " + ScriptedWork.branch(body) + " --base main --title 'Greet new contributors'"
            + " --body 'Work order: " + ScriptedWork.workOrder(body) + "'"),
        body -> ScriptedAnthropicApi.Reply.text(ScriptedWork.prUrl(body)));
    Map<String, String> env = environment();
    env.put("GH_TOKEN", TOKEN);

    Run run;
    List<String> leaks;
    try (ProcessWatch watch = ProcessWatch.start(TOKEN)) {
      run = run(env, "--agent", "claude", "--repo", REPO, "--request", "Greet new contributors in the README",
          "--workdir", temp.resolve("work").toString(), "--store", store());
      leaks = watch.leaks();
    }

    assertEquals(0, run.exit(), run.all() + "\nunmatched: " + api.unmatched() + "\nroutes: " + routes.routed());
    assertEquals(1, github.createdPullRequests().size(), "one PR, opened by the agent: " + github.operations());
    MockGitHubServer.PullRequest pr = github.createdPullRequests().get(0);
    assertTrue(origin.remoteBranches().contains(pr.head()), "the agent pushed its branch over https with the token");
    assertTrue(run.out().contains("pull request " + pr.url()), run.out());
    assertFalse(run.out().contains("opened by awo"), run.out());
    assertFalse(git.refused().isEmpty(), "the repository is private: git was asked for credentials");
    assertTrue(routes.routed().stream().anyMatch(r -> r.startsWith(LoopbackRoutes.ANTHROPIC_HOST + " POST /v1/messages")),
        "the agent reached its API through the configured base URL and proxy: " + routes.routed());
    assertNoTokenAnywhere(run, leaks);
  }

  @Test
  @DisplayName("only a logged-in gh: the issue is read, the private repository cloned, and when the agent only pushes, awo opens the PR")
  void onlyLoggedInGh() throws Exception {
    ScriptedWork.sixStepsThen(api,
        body -> ScriptedAnthropicApi.Reply.bash("git push -u origin " + ScriptedWork.branch(body)),
        body -> ScriptedAnthropicApi.Reply.text("Pushed. PR: http://github.localhost/acme/remote/pull/999"));
    Map<String, String> env = environment();
    Path ghConfig = Files.createDirectories(temp.resolve("gh-login"));
    Files.writeString(ghConfig.resolve("hosts.yml"), MockGitHubServer.HOST + ":\n    oauth_token: " + TOKEN
        + "\n    user: awo-bot\n    git_protocol: https\n");
    env.put("GH_CONFIG_DIR", ghConfig.toString());

    Run run = run(env, "--agent", "claude", "--repo", REPO, "--issue", "7",
        "--workdir", temp.resolve("work").toString(), "--store", store());

    assertEquals(0, run.exit(), run.all() + "\nunmatched: " + api.unmatched());
    assertTrue(github.operations().contains("IssueByNumber"), github.operations().toString());
    assertEquals(1, github.createdPullRequests().size(), github.operations().toString());
    MockGitHubServer.PullRequest pr = github.createdPullRequests().get(0);
    assertTrue(pr.head().matches("feature-wo-[0-9a-f]{8}-add-greeting"), pr.head());
    assertTrue(pr.body().contains("Closes #7"), pr.body());
    assertTrue(run.out().contains("pull request " + pr.url() + "  (opened by awo"), run.out());
    try (JdbcStore jdbc = JdbcStore.open(store())) {
      assertEquals(pr.url(), jdbc.workOrders().list().get(0).prUrl(), "GitHub's URL is recorded, not the agent's");
    }
    assertTrue(github.comments().size() == 1, "the progress comment was posted with the login's token");
  }

  @Test
  @DisplayName("the agent claims a PR but pushed nothing: awo cannot open one, the step fails with GitHub's reason, exit 1")
  void claimedPullRequestThatDoesNotExist() throws Exception {
    ScriptedWork.sixStepsThen(api,
        body -> ScriptedAnthropicApi.Reply.text("Opened http://github.localhost/acme/remote/pull/999"));
    Map<String, String> env = environment();
    env.put("GH_TOKEN", TOKEN);

    Run run = run(env, "--agent", "claude", "--repo", REPO, "--request", "Greet new contributors",
        "--workdir", temp.resolve("work").toString(), "--store", store());

    assertEquals(1, run.exit(), run.all());
    assertEquals(List.of(), github.createdPullRequests());
    assertTrue(run.out().contains("work order   wo-") && run.out().contains("  failed"), run.out());
    assertTrue(run.out().contains("no pull request exists for branch 'feature-wo-")
        && run.out().contains("No commits between main and feature-wo-"), run.out());
    try (JdbcStore jdbc = JdbcStore.open(store())) {
      WorkOrder order = jdbc.workOrders().list().get(0);
      assertEquals(null, order.prUrl(), "no PR URL recorded");
    }
  }

  @Test
  @DisplayName("an issue the repository does not have is refused before anything is stored: exit 2, one line")
  void missingIssueIsRefusedUpFront() throws Exception {
    Map<String, String> env = environment();
    env.put("GH_TOKEN", TOKEN);

    Run run = run(env, "--repo", REPO, "--issue", "99", "--workdir", temp.resolve("work").toString(), "--store", store());

    assertEquals(2, run.exit(), run.all());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().contains("--issue 99: there is no such issue"), run.err());
    assertFalse(Files.exists(temp.resolve("store")), "nothing stored");
    assertEquals("", run.out());
  }

  private void assertNoTokenAnywhere(Run run, List<String> leaks) throws IOException {
    assertEquals(List.of(), leaks, "no process had the token on its command line");
    assertFalse(run.all().contains(TOKEN), "no output or log line carries the token");
    try (Stream<Path> files = Files.walk(temp.resolve("work"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertFalse(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains(TOKEN), file.toString());
      }
    }
    try (JdbcStore jdbc = JdbcStore.open(store())) {
      WorkOrder order = jdbc.workOrders().list().get(0);
      assertFalse(order.toString().contains(TOKEN));
      for (StepResult step : jdbc.stepHistories().find(order.id()).orElseThrow().results()) {
        assertFalse(String.valueOf(step).contains(TOKEN), step.step());
      }
    }
  }
}
