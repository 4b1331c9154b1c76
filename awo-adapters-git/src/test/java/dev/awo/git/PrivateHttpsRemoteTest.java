package dev.awo.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrderId;
import dev.awo.git.testing.GitHttpServer;
import dev.awo.git.testing.ProcessWatch;
import dev.awo.spi.sandbox.SandboxException;
import dev.awo.spi.sandbox.SandboxRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A private https remote (git smart HTTP that wants a token) with the real git")
class PrivateHttpsRemoteTest {
  private static final String TOKEN = "ghp_PrivateRepoToken1234567890abcdef";
  private static final WorkOrderId WO = WorkOrderId.of("wo-0000c0de");

  @TempDir Path tmp;
  private GitHttpServer server;
  private String url;
  private Path bare;
  private final List<GitSandboxFactory> factories = new ArrayList<>();

  @BeforeEach
  void startServer() throws IOException {
    Path repos = Files.createDirectories(tmp.resolve("repos/acme"));
    bare = GitFixture.bareRemote(repos, "widgets", "main");
    server = new GitHttpServer(tmp.resolve("repos"), TOKEN);
    url = server.url("acme/widgets.git");
  }

  @AfterEach
  void stop() {
    factories.forEach(GitSandboxFactory::close);
    server.close();
  }

  private GitSandboxFactory factory(CountingLauncher launcher, GitHttpsCredentials credentials) {
    GitSandboxFactory.Builder builder = GitSandboxFactory.builder().baseDirectory(tmp.resolve("base"))
        .processLauncher(launcher).warmWorktrees(0);
    if (credentials != null) {
      builder.httpsCredentials(credentials);
    }
    GitSandboxFactory factory = builder.build();
    factories.add(factory);
    return factory;
  }

  @ParameterizedTest
  @EnumSource(SandboxType.class)
  @DisplayName("with the token it is checked, cloned and the agent's branch pushed; the token is in no argv, no sandbox file, no log line")
  void clonesAndPushesWithToken(SandboxType type) throws Exception {
    CountingLauncher launcher = new CountingLauncher();
    GitSandboxFactory factory = factory(launcher, GitHttpsCredentials.token(TOKEN, server.host()));
    PrintStream originalErr = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    GitSandbox sandbox;
    try (ProcessWatch watch = ProcessWatch.start(TOKEN)) {
      System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
      factory.checkReachable(url);
      sandbox = factory.create(new SandboxRequest(WO, url, type));
      Path work = sandbox.workingDirectory();
      GitFixture.git(work, "checkout", "-q", "-b", "feat-agent");
      GitFixture.write(work.resolve("NOTES.md"), "the agent was here\n");
      GitFixture.git(work, "add", "-A");
      GitFixture.git(work, "commit", "-q", "-m", "agent change");
      agentGit(work, factory.credentialEnvironment(), "push", "-q", "origin", "feat-agent");
      GitFixture.git(work, "checkout", "-q", "-b", "feat-awo");
      sandbox.pushBranch("feat-awo");
      assertEquals(List.of(), watch.leaks(), "no process had the token on its command line");
      assertTrue(watch.scans() > 0);
    } finally {
      System.setErr(originalErr);
    }

    String remoteBranches = GitFixture.git(bare, "branch", "--list");
    assertTrue(remoteBranches.contains("feat-agent"), remoteBranches);
    assertTrue(remoteBranches.contains("feat-awo"), remoteBranches);
    assertFalse(server.refused().isEmpty(), "the server did ask for credentials");
    assertTrue(launcher.commands.stream().flatMap(List::stream).noneMatch(arg -> arg.contains(TOKEN)),
        "no git argument vector carries the token");
    assertEquals(List.of(), filesContaining(tmp.resolve("base"), TOKEN), "no file under the base directory holds the token");
    assertFalse(logs.toString(StandardCharsets.UTF_8).contains(TOKEN), "no log line carries the token");
    sandbox.cleanUp();
  }

  @Test
  @DisplayName("the askpass helper lives outside every sandbox, mode 0700, and holds no secret")
  void askpassHelperIsPrivateAndSecretFree() throws Exception {
    GitSandboxFactory factory = factory(new CountingLauncher(), GitHttpsCredentials.token(TOKEN, server.host()));
    Map<String, String> env = factory.credentialEnvironment();

    Path helper = Path.of(env.get("GIT_ASKPASS"));
    assertTrue(helper.startsWith(tmp.resolve("base/credentials")), helper.toString());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(helper)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(helper.getParent())));
    assertFalse(Files.readString(helper).contains(TOKEN));
    assertEquals(TOKEN, env.get("AWO_GIT_TOKEN"));
    assertEquals(server.host(), env.get("AWO_GIT_ASKPASS_HOSTS"));
  }

  @Test
  @DisplayName("without a token: checkReachable says credentials are needed, and a clone's error says what to set")
  void withoutTokenNamesWhatToSet() {
    CountingLauncher launcher = new CountingLauncher();
    GitSandboxFactory factory = factory(launcher, null);

    RepositoryUnreachableException unreachable = assertThrows(RepositoryUnreachableException.class,
        () -> factory.checkReachable(url));
    assertEquals(RepositoryUnreachableException.Reason.AUTHENTICATION_REQUIRED, unreachable.reason());

    SandboxException failed = assertThrows(SandboxException.class,
        () -> factory.create(new SandboxRequest(WO, url, SandboxType.GIT_BRANCH)));
    assertTrue(failed.getMessage().contains("GH_TOKEN") && failed.getMessage().contains("httpsCredentials"),
        failed.getMessage());
  }

  @Test
  @DisplayName("a token for another host is not presented to this one")
  void tokenIsScopedToItsHosts() {
    GitSandboxFactory factory = factory(new CountingLauncher(), GitHttpsCredentials.token(TOKEN, "github.com"));

    RepositoryUnreachableException e = assertThrows(RepositoryUnreachableException.class, () -> factory.checkReachable(url));

    assertEquals(RepositoryUnreachableException.Reason.AUTHENTICATION_REQUIRED, e.reason());
    assertTrue(server.requests().stream().allMatch(r -> server.refused().contains(r)), "every request was refused");
  }

  @Test
  @DisplayName("checkReachable tells a missing path, a directory that is no repository and an unknown remote repository apart")
  void checkReachableReasons() throws IOException {
    GitSandboxFactory factory = factory(new CountingLauncher(), GitHttpsCredentials.token(TOKEN, server.host()));
    Path plain = Files.createDirectories(tmp.resolve("plain"));

    assertEquals(RepositoryUnreachableException.Reason.NOT_FOUND, assertThrows(RepositoryUnreachableException.class,
        () -> factory.checkReachable(tmp.resolve("missing").toString())).reason());
    assertEquals(RepositoryUnreachableException.Reason.NOT_FOUND, assertThrows(RepositoryUnreachableException.class,
        () -> factory.checkReachable(plain.toString())).reason());
    assertEquals(RepositoryUnreachableException.Reason.NOT_FOUND, assertThrows(RepositoryUnreachableException.class,
        () -> factory.checkReachable(server.url("acme/nope.git"))).reason());
    assertEquals(RepositoryUnreachableException.Reason.UNREACHABLE, assertThrows(RepositoryUnreachableException.class,
        () -> factory.checkReachable("http://127.0.0.1:1/acme/widgets.git")).reason());
    factory.checkReachable(bare.toString());
  }

  /** Runs git as an agent in the sandbox would: the user's HOME config off, only the given credentials. */
  private static void agentGit(Path dir, Map<String, String> credentials, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("GIT_") || k.startsWith("AWO_"));
    pb.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    pb.environment().put("GIT_CONFIG_GLOBAL", "/dev/null");
    pb.environment().putAll(credentials);
    pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), "the agent's git " + String.join(" ", args) + " failed: " + out);
  }

  static List<Path> filesContaining(Path root, String secret) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).filter(f -> {
        try {
          return new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(secret);
        } catch (IOException e) {
          return false;
        }
      }).toList();
    }
  }
}
