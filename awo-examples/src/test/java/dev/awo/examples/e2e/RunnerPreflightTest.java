package dev.awo.examples.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.examples.AwoRunner;
import dev.awo.examples.RunnerWiring;
import dev.awo.examples.demo.DemoRepository;
import dev.awo.git.testing.GitHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A repository, issue or agent the run cannot use is refused before anything happens: exit 2, one
 * line naming what to change (an environment variable or an option), no work order stored, no
 * temporary directory left, nothing cloned.
 */
@Timeout(120)
class RunnerPreflightTest {
  @TempDir Path temp;

  record Run(int exit, String out, String err) {}

  private Run run(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = AwoRunner.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), RunnerWiring.Adapters.fromEnvironment(env), new CountDownLatch(0));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private Map<String, String> environment() throws IOException {
    Map<String, String> env = new HashMap<>();
    env.put("HOME", Files.createDirectories(temp.resolve("home")).toString());
    env.put("AWO_CLAUDE_CLI", RealClis.claude().toString());
    env.put("AWO_GH_CLI", RealClis.gh().toString());
    return env;
  }

  /** Runs {@code args} (with a store under temp) and checks the refusal; returns the one error line. */
  private String refused(Map<String, String> env, String... args) throws IOException {
    Set<String> tempDirsBefore = runnerTempDirs();
    Path store = temp.resolve("store");
    String[] all = Stream.concat(Stream.of(args), Stream.of("--store", "jdbc:h2:" + store.resolve("awo"))).toArray(String[]::new);
    Run run = run(env, all);
    String what = String.join(" ", args) + " -> " + run.err() + run.out();
    assertEquals(2, run.exit(), what);
    assertEquals(1, run.err().lines().count(), what);
    assertTrue(run.err().startsWith("awo: "), what);
    assertFalse(run.err().contains("Exception") || run.err().contains("Builder") || run.err().contains("builder()"), what);
    assertEquals("", run.out(), "nothing started: " + what);
    assertFalse(Files.exists(store), "nothing stored: " + what);
    assertEquals(tempDirsBefore, runnerTempDirs(), "no temporary directory left: " + what);
    return run.err().strip();
  }

  private static Set<String> runnerTempDirs() throws IOException {
    try (Stream<Path> entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("awo-runner-")).collect(Collectors.toSet());
    }
  }

  @Test
  @DisplayName("a --repo path that does not exist, or is no git repository, is refused before anything")
  void repositoryMustExistAndBeGit() throws IOException {
    Path plain = Files.createDirectories(temp.resolve("plain"));
    assertTrue(refused(environment(), "--repo", temp.resolve("missing").toString(), "--request", "x").contains("--repo"));
    String line = refused(environment(), "--repo", plain.toString(), "--request", "x");
    assertTrue(line.contains("not a git repository"), line);
  }

  @Test
  @DisplayName("an unreachable --repo URL is refused, naming the proxy variables")
  void repositoryMustBeReachable() throws IOException {
    String line = refused(environment(), "--repo", "http://127.0.0.1:1/acme/widgets.git", "--request", "x");
    assertTrue(line.contains("cannot be reached") && line.contains("HTTPS_PROXY"), line);
  }

  @Test
  @DisplayName("a GitHub URL that names no repository (https://github.com/acme) is refused without asking the network")
  void gitHubUrlMustNameARepository() throws IOException {
    String line = refused(environment(), "--repo", "https://github.com/acme", "--request", "x");
    assertTrue(line.contains("names no repository") && line.contains("https://github.com/OWNER/REPO"), line);
  }

  @Test
  @DisplayName("a private repository without a token is refused, naming GH_TOKEN and gh auth login")
  void privateRepositoryNeedsToken() throws IOException {
    DemoRepository.create(temp.resolve("repos/acme"));
    try (GitHttpServer server = new GitHttpServer(temp.resolve("repos"), "ghp_SomeTokenNobodyGave1234567890")) {
      String line = refused(environment(), "--repo", server.url("acme/remote.git"), "--request", "x");
      assertTrue(line.contains("GH_TOKEN") && line.contains("gh auth login"), line);
      assertFalse(server.refused().isEmpty());
    }
  }

  @Test
  @DisplayName("--issue with a repository that is not on GitHub is refused, naming GH_HOST")
  void issueNeedsGitHubRepository() throws IOException {
    DemoRepository local = DemoRepository.create(temp.resolve("local"));
    String line = refused(environment(), "--repo", local.remoteUrl(), "--issue", "3");
    assertTrue(line.contains("--issue 3 needs --repo") && line.contains("GH_HOST"), line);
    assertTrue(refused(environment(), "--issue", "3").contains("--issue 3 needs --repo"));
  }

  @Test
  @DisplayName("a claude CLI that does not start is found before the clone, naming AWO_CLAUDE_CLI")
  void claudeMustStart() throws IOException {
    DemoRepository local = DemoRepository.create(temp.resolve("local"));
    Map<String, String> env = environment();
    env.put("AWO_CLAUDE_CLI", temp.resolve("no/claude").toString());
    String line = refused(env, "--agent", "claude", "--repo", local.remoteUrl(), "--request", "x");
    assertTrue(line.contains("AWO_CLAUDE_CLI"), line);
    assertFalse(line.contains("ClaudeCodeConfig.cliPath") || line.contains("cliPath("), line);
  }

  @Test
  @DisplayName("--model, --max-turns and --step-timeout are checked like every option")
  void agentOptionsAreChecked() throws IOException {
    for (List<String> args : List.of(List.of("--model", "--bad"), List.of("--model", "no spaces"),
        List.of("--max-turns", "0"), List.of("--step-timeout", "10"), List.of("--step-timeout", "5x"),
        List.of("--step-timeout", "0m"))) {
      Stream<String> all = Stream.concat(Stream.of("--agent", "claude"), args.stream());
      refused(environment(), all.toArray(String[]::new));
    }
  }
}
