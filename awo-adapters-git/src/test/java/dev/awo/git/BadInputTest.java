package dev.awo.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.InvalidInputException;
import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrderId;
import dev.awo.git.internal.SandboxLayout;
import dev.awo.spi.sandbox.SandboxRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Input that must be refused before any git process runs and without leaving anything behind. */
class BadInputTest {
  private static final Class<UnsafeRepositoryUrlException> URL = UnsafeRepositoryUrlException.class;

  @TempDir Path tmp;
  @TempDir static Path shared;
  private static CountingLauncher sharedLauncher;
  private static GitSandbox sharedSandbox;

  @BeforeAll
  static void oneSandboxForTheBranchTable() {
    Path remote = GitFixture.bareRemote(shared, "remote", "main");
    sharedLauncher = new CountingLauncher();
    GitSandboxFactory factory = GitSandboxFactory.builder()
        .baseDirectory(shared.resolve("base")).processLauncher(sharedLauncher).build();
    sharedSandbox = factory.create(new SandboxRequest(WorkOrderId.of("wo-0000abcd"), remote.toString(), SandboxType.GIT_BRANCH));
  }

  @AfterAll
  static void cleanUpTheSharedSandbox() {
    sharedSandbox.cleanUp();
  }

  static Stream<Arguments> badUrls() {
    return Stream.of(
        Arguments.of("ext::sh%20-c%20id", "ext::"),
        Arguments.of("ext::ssh -oProxyCommand=x", "whitespace"),
        Arguments.of("EXT::sh", "ext::"),
        Arguments.of("fd::17", "fd::"),
        Arguments.of("fd::0/repo", "fd::"),
        Arguments.of("foo::bar", "transport helper"),
        Arguments.of("--upload-pack=touch", "option"),
        Arguments.of("-oProxyCommand=x", "option"),
        Arguments.of("-c", "option"),
        Arguments.of("ssh://-oProxyCommand=x/repo.git", "host"),
        Arguments.of("ssh://git@-oProxyCommand=x/repo.git", "host"),
        Arguments.of("git@-evil:repo.git", "host"),
        Arguments.of("git@host:-u/repo.git", "'-'"),
        Arguments.of("git@host:--upload-pack=x", "'-'"),
        Arguments.of("-git@host:repo.git", "option"),
        Arguments.of("https://example.com/--upload-pack=x/repo.git", "segment"),
        Arguments.of("file:///srv/-u/repo.git", "segment"),
        Arguments.of("/srv/--upload-pack=evil/repo.git", "segment"),
        Arguments.of("https://example.com/a/../../etc/repo.git", "'..'"),
        Arguments.of("/srv/repos/../../etc", "'..'"),
        Arguments.of("https://alice:s3cretpw@example.com/a/b.git", "credentials"),
        Arguments.of("https://ghp_abcdefghijklmnop1234@example.com/a/b.git", "credentials"),
        Arguments.of("ssh://alice:s3cretpw@example.com/repo.git", "credentials"),
        Arguments.of("https://example.com/repo.git\n", "control character"),
        Arguments.of(" https://example.com/repo.git", "whitespace"),
        Arguments.of("https://example.com/re po.git", "whitespace"),
        Arguments.of("https://example.com/repo\u202e.git", "invisible"),
        Arguments.of("https://example.com/repo\u200b.git", "invisible"),
        Arguments.of("https://example.com/repo%0a.git", "control character"),
        Arguments.of("https://example.com/repo%00", "control character"),
        Arguments.of("/srv/repo\u0000.git", "control character"),
        Arguments.of("file:///srv/repo\t.git", "control character"),
        Arguments.of("ftp://example.com/repo.git", "not supported"),
        Arguments.of("git://example.com/repo.git", "not supported"),
        Arguments.of("rsync://example.com/repo.git", "not supported"),
        Arguments.of("relative/path/repo.git", "relative"),
        Arguments.of("./repo", "relative"),
        Arguments.of("../repo", "relative"),
        Arguments.of("https://example.com", "no repository path"),
        Arguments.of("https://example.com/", "no repository path"),
        Arguments.of("https://example.com/repo.git?upload-pack=x", "query"),
        Arguments.of("https://example.com/repo.git#frag", "query or fragment"),
        Arguments.of("file://evil.example.com/srv/repo.git", "names a host"),
        Arguments.of("https:///repo.git", "host"),
        Arguments.of("https://example.com:99999/repo.git", "port"),
        Arguments.of("https://exa_mple.com/repo.git", "host"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("badUrls")
  @DisplayName("a dangerous or malformed repository URL is refused for both sandbox kinds, before any process and without leaving a directory")
  void badUrlIsRefusedWithoutSideEffects(String url, String messagePart) {
    CountingLauncher launcher = new CountingLauncher();
    Path base = tmp.resolve("base");
    GitSandboxFactory factory = GitSandboxFactory.builder().baseDirectory(base).processLauncher(launcher).build();
    for (SandboxType type : SandboxType.values()) {
      SandboxRequest request = new SandboxRequest(WorkOrderId.of("wo-0000abcd"), url, type);

      UnsafeRepositoryUrlException onValidate = assertThrows(URL, () -> factory.validate(request));
      UnsafeRepositoryUrlException onCreate = assertThrows(URL, () -> factory.create(request));

      assertEquals("repositoryUrl", onValidate.field());
      assertTrue(onValidate.getMessage().toLowerCase().contains(messagePart.toLowerCase()),
          () -> "message should mention '" + messagePart + "': " + onValidate.getMessage());
      assertEquals(onValidate.getMessage(), onCreate.getMessage());
      assertFalse(onValidate.getMessage().contains("s3cretpw"), "no password in the message");
      assertFalse(onValidate.getMessage().contains("ghp_abcdefghijklmnop1234"), "no token in the message");
    }
    assertEquals(0, launcher.started(), "no git process may run for bad input");
    assertFalse(Files.exists(base), "nothing may be created under the base directory");
  }

  @Test
  @DisplayName("there are at least 30 bad URL cases in the table")
  void tableIsLargeEnough() {
    assertTrue(badUrls().count() >= 30);
  }

  static Stream<String> badBranches() {
    return Stream.of("", "-f", "--force", "--upload-pack=x", "a..b", "a b", "a~1", "a^", "a:b", "a?", "a*", "a[x",
        "a\\b", "@", "HEAD", "a@{1}", "@{-1}", "/a", "a/", "a//b", "a.", ".a", "a/.b", "a.lock", "a/b.lock/c",
        "a\u0001b", "a\tb", "a\u007f", "a\nb", "x".repeat(256));
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @MethodSource("badBranches")
  @DisplayName("a branch name git would refuse, or that looks like an option, is refused before push runs anything")
  void badBranchIsRefusedBeforePushing(String branch) {
    int before = sharedLauncher.started();
    InvalidBranchNameException refused = assertThrows(InvalidBranchNameException.class, () -> sharedSandbox.pushBranch(branch));
    assertEquals("branch", refused.field());
    assertEquals(before, sharedLauncher.started(), "no git process may run for a bad branch name");
    // git expands '@' to HEAD instead of refusing it; awo refuses it outright
    if (!branch.startsWith("-") && branch.length() <= 255 && !branch.equals("@")) {
      GitFixture.Result git = GitFixture.tryGit(tmp, "check-ref-format", "--branch", branch);
      assertTrue(git.exitCode() != 0, () -> "git itself also refuses '" + branch + "'");
    }
  }

  @Test
  @DisplayName("branch names git accepts are accepted too")
  void goodBranchesAreAccepted() {
    for (String name : List.of("main", "feat/issue-42", "fix/a.b", "user/foo_bar", "release-1.0", "a/b/c", "über", "x+y", "a@b")) {
      assertEquals(name, GitBranchName.of(name).value());
      assertEquals(0, GitFixture.tryGit(tmp, "check-ref-format", "--branch", name).exitCode(), name);
    }
  }

  @Test
  @DisplayName("a path that would resolve outside the base directory is refused")
  void pathsOutsideTheBaseAreRefused() {
    SandboxLayout layout = new SandboxLayout(tmp.resolve("base"));
    for (String relative : List.of("../escape", "branch/../../escape", "/etc/passwd", "..", "", ".")) {
      assertThrows(UnsafePathException.class, () -> layout.inside(relative), relative);
    }
    assertTrue(layout.inside("branch/wo-0000abcd").startsWith(layout.base()));
    assertFalse(Files.exists(tmp.resolve("base")));
  }

  @Test
  @DisplayName("a malformed work order id never reaches the factory")
  void malformedWorkOrderIdIsRefused() {
    assertThrows(InvalidInputException.class, () -> WorkOrderId.of("../../etc"));
    assertThrows(InvalidInputException.class, () -> WorkOrderId.of("wo-1234/../x"));
  }
}
