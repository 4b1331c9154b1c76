package dev.awo.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.InvalidInputException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("GitHubRepositoryRef parses the references people paste")
class GitHubRepositoryRefTest {

  @ParameterizedTest(name = "{0} -> host {1}, {2}/{3}")
  @DisplayName("valid references")
  @CsvSource(nullValues = "-", value = {
      "https://github.com/acme/widgets,           github.com,       acme,        widgets",
      "https://github.com/acme/widgets.git,       github.com,       acme,        widgets",
      "https://github.com/acme/widgets/,          github.com,       acme,        widgets",
      "https://github.com/acme/widgets.git/,      github.com,       acme,        widgets",
      "HTTPS://GitHub.com/Acme/Widgets,           github.com,       Acme,        Widgets",
      "git@github.com:acme/widgets.git,           github.com,       acme,        widgets",
      "git@github.com:acme/widgets,               github.com,       acme,        widgets",
      "ssh://git@github.com/acme/widgets.git,     github.com,       acme,        widgets",
      "ssh://git@github.com:22/acme/widgets.git,  github.com,       acme,        widgets",
      "acme/widgets,                              -,                acme,        widgets",
      "acme/widgets.git,                          -,                acme,        widgets",
      "acme/widgets.js,                           -,                acme,        widgets.js",
      "https://github.com/acme/widgets.js,        github.com,       acme,        widgets.js",
      "git@github.com:acme/widgets.js.git,        github.com,       acme,        widgets.js",
      "acme/widgets.git.git,                      -,                acme,        widgets.git",
      "acme/.github,                              -,                acme,        .github",
      "my-org/my_repo-2,                          -,                my-org,      my_repo-2",
      "https://ghe.example.com/acme/widgets,      ghe.example.com,  acme,        widgets",
      "https://ghe.example.com:8443/acme/widgets, ghe.example.com:8443, acme,    widgets",
      "git@ghe.example.com:acme/widgets.git,      ghe.example.com,  acme,        widgets",
      "http://github.localhost/acme/widgets,      github.localhost, acme,        widgets",
      "'  acme/widgets  ',                        -,                acme,        widgets",
  })
  void parsesValidReferences(String reference, String host, String owner, String name) {
    GitHubRepositoryRef ref = GitHubRepositoryRef.parse(reference);

    assertEquals(new GitHubRepositoryRef(host, owner, name), ref);
  }

  @ParameterizedTest(name = "{0}")
  @DisplayName("invalid references are refused with a message naming the accepted forms")
  @ValueSource(strings = {
      "acme",
      "acme/",
      "/widgets",
      "acme/widgets/extra",
      "https://github.com/acme",
      "https://github.com/acme/widgets/tree/main",
      "https://github.com/acme/widgets?tab=readme",
      "https://github.com/acme/widgets#readme",
      "ftp://github.com/acme/widgets",
      "file:///tmp/acme/widgets",
      "http://github.com/acme/widgets",
      "--upload-pack=touch/x",
      "-acme/widgets",
      "acme-/widgets",
      "ac--me/widgets",
      "acme/wid gets",
      "acme/widgets;rm",
      "acme/$(touch x)",
      "acme/..",
      "acme/.",
      "acme/.git",
      "acme_corp/widgets",
      "git@github.com:acme",
      "git@github.com:/widgets.git",
      "https://bad_host!/acme/widgets",
      "acme/widgets\n--help",
      "a234567890123456789012345678901234567890/widgets",
  })
  void refusesInvalidReferences(String reference) {
    var e = assertThrows(InvalidInputException.class, () -> GitHubRepositoryRef.parse(reference));
    assertEquals("repositoryUrl", e.field());
    assertTrue(e.getMessage().contains("OWNER/REPO") || e.getMessage().contains("credentials"), e.getMessage());
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   "})
  @DisplayName("a missing reference is refused")
  void refusesMissing(String reference) {
    assertThrows(InvalidInputException.class, () -> GitHubRepositoryRef.parse(reference));
  }

  @Test
  @DisplayName("a URL with credentials is refused without echoing them")
  void refusesCredentialsWithoutEchoingThem() {
    var e = assertThrows(InvalidInputException.class,
        () -> GitHubRepositoryRef.parse("https://x-access-token:s3cr3tvalue@github.com/acme/widgets"));
    assertFalse(e.getMessage().contains("s3cr3tvalue"), e.getMessage());
    assertTrue(e.getMessage().contains("credentials"), e.getMessage());
    var bare = assertThrows(InvalidInputException.class,
        () -> GitHubRepositoryRef.parse("https://ghp_abcdefghijklmnopqrstuvwxyz@github.com/acme/widgets"));
    assertFalse(bare.getMessage().contains("ghp_abcdefghijklmnopqrstuvwxyz"), bare.getMessage());
  }

  @Test
  @DisplayName("the qualified name uses the reference's host, or the default when it names none")
  void qualifiedName() {
    assertEquals("github.localhost/acme/widgets", GitHubRepositoryRef.parse("acme/widgets").qualifiedName("github.localhost"));
    assertEquals("ghe.example.com/acme/widgets",
        GitHubRepositoryRef.parse("https://ghe.example.com/acme/widgets").qualifiedName("github.com"));
    assertEquals("acme/widgets.js", GitHubRepositoryRef.parse("acme/widgets.js").fullName());
  }
}
