package dev.awo.spring.boot.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awo.domain.InvalidInputException;
import dev.awo.spi.github.GitHubException;
import dev.awo.spi.github.RepositoryInfo;
import dev.awo.spi.github.RepositoryVerifier;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Repository verification, with the example host's route and JSON shape:
 *
 * <pre>
 * POST /github/verify-repository   {"repository_url"} → {"is_accessible", "repository_owner",
 *                                  "repository_name", "default_branch", "error_message"}
 * </pre>
 *
 * <p>It asks the {@link RepositoryVerifier} (the application's own bean if it has one, else gh).
 * A malformed URL is a 400 naming {@code repository_url}; a repository that is not there or not
 * visible to the credentials is a 200 with {@code is_accessible: false} and the host's reason; any
 * other failure of the host or its CLI is a 502; no verifier at all (GitHub switched off and no
 * bean) is a 503. Errors have the shape of {@link WorkOrderController}'s. Thread-safe.
 */
@RestController
public class RepositoryController extends JsonEndpoints {
  private final RepositoryVerifier verifier;

  RepositoryController(RepositoryVerifier verifier) {
    this.verifier = verifier;
  }

  /**
   * Verifies one repository.
   *
   * @param request the request, whose body is {@code {"repository_url": ...}}
   * @return the verification's answer
   */
  @PostMapping("/github/verify-repository")
  public ResponseEntity<String> verify(HttpServletRequest request) {
    String url = CreateRequestJson.repositoryUrl(body(request));
    ObjectNode answer = WorkOrderJson.MAPPER.createObjectNode();
    try {
      RepositoryInfo info = verified(url);
      return json(200, answer.put("is_accessible", true).put("repository_owner", info.owner())
          .put("repository_name", info.name()).put("default_branch", info.defaultBranch())
          .putNull("error_message"));
    } catch (GitHubException.NotFound | GitHubException.NotAuthenticated e) {
      return json(200, answer.put("is_accessible", false).putNull("repository_owner").putNull("repository_name")
          .putNull("default_branch").put("error_message", e.getMessage()));
    }
  }

  private RepositoryInfo verified(String url) {
    if (verifier == null) {
      throw new HttpProblem(503, "This application has no repository verifier (awo.github.enabled is false "
          + "and there is no RepositoryVerifier bean)", null);
    }
    try {
      return verifier.verify(url);
    } catch (InvalidInputException e) {
      throw HttpProblem.badRequest("repository_url", e.getMessage());
    } catch (GitHubException.NotFound | GitHubException.NotAuthenticated e) {
      throw e;
    } catch (GitHubException e) {
      throw new HttpProblem(502, "The repository host could not be asked: " + e.getMessage(), null);
    }
  }
}
