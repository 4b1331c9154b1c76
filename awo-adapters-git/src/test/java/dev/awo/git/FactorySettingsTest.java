package dev.awo.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.InvalidInputException;
import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.sandbox.SandboxRequest;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("GitSandboxFactory.Builder: git config keys, commit identity, environment and credentials")
class FactorySettingsTest {
  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"protocol.ext.allow", "Protocol.File.Allow", "protocol.allow", "core.sshCommand",
      "CORE.SSHCOMMAND", "core.fsmonitor", "uploadpack.packObjectsHook", "not a key", "-c", "core.", "x=y"})
  @DisplayName("dangerous or malformed config keys are refused before any git runs")
  void refusesDangerousConfigKeys(String key) {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> GitSandboxFactory.builder().gitConfig(key, "value"));
    assertTrue(e.getMessage().contains("gitConfig"), e.getMessage());
  }

  @Test
  @DisplayName("a config value with a control character is refused")
  void refusesControlCharactersInValues() {
    assertThrows(InvalidInputException.class, () -> GitSandboxFactory.builder().gitConfig("http.lowSpeedLimit", "1\n2"));
  }

  @Test
  @DisplayName("an allowed key reaches every git command as -c key=value")
  void allowedKeyReachesGit() {
    CountingLauncher launcher = new CountingLauncher();
    Path remote = GitFixture.bareRemote(tmp, "remote", "main");
    GitSandboxFactory factory = GitSandboxFactory.builder().baseDirectory(tmp.resolve("base")).processLauncher(launcher)
        .gitConfig("http.lowSpeedLimit", "1").warmWorktrees(0).build();

    factory.create(new SandboxRequest(WorkOrderId.of("wo-0000000a"), remote.toString(), SandboxType.GIT_BRANCH));

    assertTrue(launcher.commands.stream().allMatch(c -> c.contains("http.lowSpeedLimit=1")), launcher.commands.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"Eve <eve@x>", "line\nbreak", ""})
  @DisplayName("a commit name with '<', '>' or control characters, or blank, is refused")
  void refusesBadCommitNames(String name) {
    assertThrows(InvalidInputException.class, () -> GitSandboxFactory.builder().commitIdentity(name, "bot@example.com"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b@example.com", "<bot@example.com>", "bot@example.com\n", " "})
  @DisplayName("a commit e-mail with white space, '<', '>' or control characters is refused")
  void refusesBadCommitEmails(String email) {
    assertThrows(InvalidInputException.class, () -> GitSandboxFactory.builder().commitIdentity("Bot", email));
  }

  @Test
  @DisplayName("commits in a sandbox are made as the configured identity")
  void commitsAsConfiguredIdentity() {
    Path remote = GitFixture.bareRemote(tmp, "remote", "main");
    GitSandboxFactory factory = GitSandboxFactory.builder().baseDirectory(tmp.resolve("base"))
        .commitIdentity("Review Bot", "review-bot@example.com").warmWorktrees(0).build();
    GitSandbox sandbox = factory.create(new SandboxRequest(WorkOrderId.of("wo-0000000b"), remote.toString(), SandboxType.GIT_BRANCH));
    GitFixture.write(sandbox.workingDirectory().resolve("X.md"), "x\n");

    sandbox.commitAll("identity check");

    assertEquals("Review Bot <review-bot@example.com>|Review Bot <review-bot@example.com>",
        GitFixture.git(sandbox.workingDirectory(), "log", "-1", "--format=%an <%ae>|%cn <%ce>").strip());
  }

  @ParameterizedTest
  @ValueSource(strings = {"GIT_CONFIG_COUNT", "git_askpass", "GIT_SSH_COMMAND", "1BAD", "A=B"})
  @DisplayName("git's own variables and malformed names cannot be set through environment(...)")
  void refusesGitVariables(String name) {
    assertThrows(InvalidInputException.class, () -> GitSandboxFactory.builder().environment(name, "x"));
  }

  @Test
  @DisplayName("https credentials need a token without white space and at least one valid host; toString hides the token")
  void validatesCredentials() {
    assertThrows(InvalidInputException.class, () -> GitHttpsCredentials.token("two words", "github.com"));
    assertThrows(InvalidInputException.class, () -> GitHttpsCredentials.token("tok123456"));
    assertThrows(InvalidInputException.class, () -> GitHttpsCredentials.token("tok123456", "bad host"));
    GitHttpsCredentials ok = GitHttpsCredentials.token("tok123456", "GitHub.com", "127.0.0.1:8080");
    assertEquals(java.util.Set.of("github.com", "127.0.0.1:8080"), ok.hosts());
    assertTrue(!ok.toString().contains("tok123456"), ok.toString());
  }

  @Test
  @DisplayName("useUserGitConfig lets the user's global config (url.insteadOf) apply; by default it is ignored")
  void userGitConfigIsOptIn() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv("GIT_CONFIG_GLOBAL") == null
        && System.getenv("XDG_CONFIG_HOME") == null, "the global config must come from HOME for this test");
    Path remote = GitFixture.bareRemote(tmp, "remote", "main");
    Path home = java.nio.file.Files.createDirectories(tmp.resolve("home"));
    GitFixture.write(home.resolve(".gitconfig"), "[url \"file://" + remote + "\"]\n\tinsteadOf = https://example.invalid/acme/widgets.git\n");
    String alias = "https://example.invalid/acme/widgets.git";

    GitSandboxFactory plain = GitSandboxFactory.builder().baseDirectory(tmp.resolve("plain"))
        .environment("HOME", home.toString()).warmWorktrees(0).build();
    assertThrows(RepositoryUnreachableException.class, () -> plain.checkReachable(alias));

    GitSandboxFactory user = GitSandboxFactory.builder().baseDirectory(tmp.resolve("user"))
        .environment("HOME", home.toString()).useUserGitConfig(true).warmWorktrees(0).build();
    user.checkReachable(alias);
    GitSandbox sandbox = user.create(new SandboxRequest(WorkOrderId.of("wo-0000000c"), alias, SandboxType.GIT_BRANCH));
    assertTrue(java.nio.file.Files.isRegularFile(sandbox.workingDirectory().resolve("README.md")));
  }
}
