package dev.awo.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The live page of the Agent Work Orders API: one self-contained HTML document (no external
 * scripts, styles or fonts) that talks to the API's routes under {@code /agent-work-orders} and
 * {@code /repositories} of the host that serves it.
 *
 * <p>Hosts serve {@link #html()} at {@code /} with {@code Content-Type: text/html; charset=utf-8}
 * and {@code Content-Security-Policy:} {@link #CONTENT_SECURITY_POLICY}.
 * This class is stateless and thread-safe; every call returns a fresh copy of the bytes.
 */
public final class LivePage {

  /** The policy the page runs under: its own inline script and style, calls to its own origin only. */
  public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'unsafe-inline'; "
      + "style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; "
      + "form-action 'none'; frame-ancestors 'none'";

  private static final String RESOURCE = "index.html";

  private static final byte[] PAGE = load();

  private LivePage() {
  }

  /**
   * Returns the page's UTF-8 bytes.
   *
   * @return a new array each call, so a caller may keep or change it
   */
  public static byte[] html() {
    return PAGE.clone();
  }

  private static byte[] load() {
    try (InputStream in = LivePage.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path next to " + LivePage.class.getName()
            + "; the awo-http jar is incomplete");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the live page " + RESOURCE + " from the awo-http jar", e);
    }
  }
}
