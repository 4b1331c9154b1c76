package dev.awo.spring.boot.sample;

import dev.awo.http.LivePage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves awo-http's live page ({@link LivePage}, the example host's page) at {@code /}; the page
 * talks to the starter's routes.
 *
 * <p>The page sends the access token it was opened with ({@code /?token=...}) as a bearer token, as
 * the example host requires, and refuses to call the API without one. This sample has no
 * authentication (it binds to 127.0.0.1), so {@code /} without a token redirects to {@code
 * /?token=none}: the page keeps that for the tab and the starter ignores the header. An application
 * with Spring Security hands its users a real token instead. Stateless and thread-safe.
 */
@RestController
public class LivePageController {
  /** The token the page is opened with here; nothing checks it. */
  static final String NO_TOKEN = "none";

  /**
   * The page, or a redirect that gives it the token it asks for.
   *
   * @param token the token in the address, if any
   * @return the page, or a 302 to {@code /?token=none}
   */
  @GetMapping({"/", "/index.html"})
  public ResponseEntity<byte[]> page(@RequestParam(name = "token", required = false) String token) {
    if (token == null || token.isBlank()) {
      return ResponseEntity.status(302).location(URI.create("/?token=" + NO_TOKEN)).build();
    }
    return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .header("Content-Security-Policy", LivePage.CONTENT_SECURITY_POLICY)
        .header(HttpHeaders.CACHE_CONTROL, "no-store").header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer").body(LivePage.html());
  }
}
