package dev.awo.spring.boot.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awo.core.memory.InMemoryConfiguredRepositories;
import dev.awo.http.ApiProblem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** Without a verifier (GitHub off, no bean) verify and create are a 503 and nothing is stored. */
class RepositoryControllerWithoutVerifierTest {
  @Test
  void verifyAndCreateAnswer503AndStoreNothing() {
    InMemoryConfiguredRepositories store = new InMemoryConfiguredRepositories();
    RepositoryController controller = new RepositoryController(null, store, () -> List.of("default"), Clock.systemUTC());
    String body = "{\"repository_url\": \"https://github.com/acme/widgets\"}";
    assertThatThrownBy(() -> controller.verify(request(body)))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(503))
        .hasMessageContaining("RepositoryVerifier");
    assertThatThrownBy(() -> controller.create(request(body)))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(503));
    assertThat(store.list()).isEmpty();
  }

  private static MockHttpServletRequest request(String body) {
    MockHttpServletRequest request = new MockHttpServletRequest("POST", "/github/verify-repository");
    request.setContentType("application/json");
    request.setContent(body.getBytes(StandardCharsets.UTF_8));
    return request;
  }
}
