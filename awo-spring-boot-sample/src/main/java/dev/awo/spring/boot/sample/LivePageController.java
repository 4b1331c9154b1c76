package dev.awo.spring.boot.sample;

import dev.awo.http.LivePage;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves awo-http's live page ({@link LivePage}, the example host's page) at {@code /}; the page
 * talks to the starter's routes.
 *
 * <p>The page sends an access token only when it was opened with one ({@code /?token=...}, as the
 * example host prints it). This sample has no authentication of its own (it binds to 127.0.0.1), so
 * the page is opened without a token and calls the routes without one; an application that protects
 * {@code /agent-work-orders/**} with Spring Security authenticates the page's requests there.
 * Stateless and thread-safe.
 */
@RestController
public class LivePageController {
  /**
   * The page, with a content security policy that lets it run only its own inline script and call
   * only this origin.
   *
   * @return the page
   */
  @GetMapping({"/", "/index.html"})
  public ResponseEntity<byte[]> page() {
    return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
        .header("Content-Security-Policy", LivePage.CONTENT_SECURITY_POLICY)
        .header(HttpHeaders.CACHE_CONTROL, "no-store").header("X-Content-Type-Options", "nosniff")
        .header("Referrer-Policy", "no-referrer").body(LivePage.html());
  }
}
