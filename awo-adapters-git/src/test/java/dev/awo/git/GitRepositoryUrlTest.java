package dev.awo.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrderId;
import dev.awo.git.GitRepositoryUrl.Transport;
import dev.awo.spi.sandbox.SandboxException;
import dev.awo.spi.sandbox.SandboxRequest;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitRepositoryUrlTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "https://github.com/acme/shop.git, HTTPS, https://github.com/acme/shop",
      "HTTPS://GitHub.com:443/acme/shop/, HTTPS, https://github.com/acme/shop",
      "http://127.0.0.1:8080/acme/shop.git, HTTP, http://127.0.0.1:8080/acme/shop",
      "ssh://git@github.com/acme/shop.git, SSH, ssh://git@github.com/acme/shop",
      "ssh://github.com:22/acme/shop, SSH, ssh://github.com/acme/shop",
      "git@github.com:acme/shop.git, SCP_LIKE, git@github.com:acme/shop",
      "example.com:repos/shop, SCP_LIKE, example.com:repos/shop",
      "file:///srv/git/shop.git, FILE, file:///srv/git/shop",
      "file://localhost/srv/git/shop.git, FILE, file:///srv/git/shop",
      "/srv/git/shop.git/, LOCAL_PATH, file:///srv/git/shop",
  })
  @DisplayName("supported URLs are accepted and normalised to one key per repository")
  void acceptsAndNormalises(String url, Transport transport, String normalized) {
    GitRepositoryUrl parsed = GitRepositoryUrl.parse(url);
    assertEquals(transport, parsed.transport());
    assertEquals(normalized, parsed.normalized());
    assertEquals(url, parsed.value());
    assertFalse(parsed.hasCredentials());
  }

  @Test
  @DisplayName("credentials are refused by default, accepted when allowed, and never shown")
  void credentials() {
    String url = "https://alice:s3cretpw@example.com/acme/shop.git";
    UnsafeRepositoryUrlException refused = assertThrows(UnsafeRepositoryUrlException.class, () -> GitRepositoryUrl.parse(url));
    assertFalse(refused.getMessage().contains("s3cretpw"));

    GitRepositoryUrl allowed = GitRepositoryUrl.parse(url, true);
    assertTrue(allowed.hasCredentials());
    assertEquals("https://***@example.com/acme/shop.git", allowed.redacted());
    assertEquals(allowed.redacted(), allowed.toString());
    assertEquals("https://example.com/acme/shop", allowed.normalized());
    assertEquals(url, allowed.value());
  }

  @Test
  @DisplayName("an ssh user name is not a credential, an ssh password is")
  void sshUsers() {
    assertFalse(GitRepositoryUrl.parse("ssh://git@example.com/shop.git").hasCredentials());
    assertThrows(UnsafeRepositoryUrlException.class, () -> GitRepositoryUrl.parse("ssh://git:pw@example.com/shop.git"));
  }

  @Test
  @DisplayName("blank and missing URLs are refused")
  void blank() {
    assertThrows(UnsafeRepositoryUrlException.class, () -> GitRepositoryUrl.parse(null));
    assertThrows(UnsafeRepositoryUrlException.class, () -> GitRepositoryUrl.parse(""));
    assertThrows(UnsafeRepositoryUrlException.class, () -> GitRepositoryUrl.parse("   "));
  }

  @Test
  @DisplayName("when git fails on a URL with allowed credentials, the error does not contain them")
  void gitFailuresAreRedacted() {
    GitSandboxFactory factory = GitSandboxFactory.builder()
        .baseDirectory(tmp.resolve("base"))
        .allowCredentialsInUrls(true)
        .timeout(Duration.ofSeconds(30))
        .build();
    for (SandboxType type : SandboxType.values()) {
      // port 1 on loopback: the connection is refused at once
      SandboxException failure = assertThrows(SandboxException.class, () -> factory.create(new SandboxRequest(
          WorkOrderId.of("wo-0000c0de"), "https://alice:s3cretpw@127.0.0.1:1/acme/shop.git", type)));
      assertFalse(failure.getMessage().contains("s3cretpw"), failure.getMessage());
      assertTrue(failure.getMessage().contains("***@127.0.0.1"), failure.getMessage());
    }
    FailureAndRecoveryTest.assertNothingLeft(factory.baseDirectory());
  }
}
