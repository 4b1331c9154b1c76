package dev.awo.examples.http;

import dev.awo.domain.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The secret every API call to a {@link WorkOrderHttpServer} must present, as Jupyter's token:
 * {@code Authorization: Bearer <token>} (or, for the event stream only, which a browser's {@code
 * EventSource} opens without custom headers, a {@code token} query parameter).
 *
 * <pre>{@code
 * AccessToken token = AccessToken.random();              // 256 random bits, new each start
 * AccessToken given = AccessToken.of(System.getenv("AWO_SERVE_TOKEN"));
 * }</pre>
 *
 * <p>{@link #toString()} never shows the value; {@link #matches(String)} compares in constant time.
 * This class is immutable and thread-safe.
 *
 * @param value at least {@value #MIN_LENGTH} characters from {@code [A-Za-z0-9._~-]}, so it can
 *     travel in a header and in a URL unescaped
 */
public record AccessToken(String value) {
  /** The shortest token accepted. */
  public static final int MIN_LENGTH = 16;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** Validates the token's shape. */
  public AccessToken {
    if (value == null || value.length() < MIN_LENGTH || value.length() > 512
        || !value.matches("[A-Za-z0-9._~-]+")) {
      throw new InvalidInputException("token", "an access token must be " + MIN_LENGTH
          + " to 512 characters from A-Z a-z 0-9 . _ ~ - (e.g. openssl rand -hex 32)");
    }
  }

  /** {@code new AccessToken(value)}. */
  public static AccessToken of(String value) {
    return new AccessToken(value);
  }

  /** A fresh token of 256 random bits, URL-safe base64. */
  public static AccessToken random() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return new AccessToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
  }

  /** True when {@code candidate} is this token; takes the same time wherever the two differ. */
  public boolean matches(String candidate) {
    return candidate != null && MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "AccessToken[***]";
  }
}
