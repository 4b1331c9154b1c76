package dev.awo.git;

import dev.awo.spi.Arguments;
import dev.awo.spi.process.Redactor;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A repository URL that is safe to hand to git, parsed, validated and normalised.
 *
 * <pre>{@code
 * GitRepositoryUrl url = GitRepositoryUrl.parse("https://github.com/acme/shop.git");
 * url.normalized();   // "https://github.com/acme/shop" -- the key of the shared mirror
 * url.redacted();     // safe for logs and messages
 * }</pre>
 *
 * <p>Accepted: {@code https://}, {@code http://}, {@code ssh://}, scp-style {@code git@host:path},
 * {@code file://} and absolute local paths. Refused with {@link UnsafeRepositoryUrlException}:
 * {@code ext::}, {@code fd::} and every other {@code transport::address} form, other schemes,
 * relative paths, anything starting with {@code -}, hosts, users or path segments starting with
 * {@code -} (option injection), {@code ..} segments, control characters, whitespace and invisible
 * characters (also percent-encoded), queries and fragments, and credentials (a password, or any user
 * part of an http(s) URL) unless {@code allowCredentials} is set. Messages and {@link #toString()}
 * never show credentials.
 *
 * <p>Not a record so that the credentials it may hold never leak through a generated {@code
 * toString}. Instances are immutable and thread-safe.
 */
public final class GitRepositoryUrl {
  /** How git reaches the repository. */
  public enum Transport { HTTPS, HTTP, SSH, SCP_LIKE, FILE, LOCAL_PATH }

  private static final int MAX_LENGTH = 4096;
  private static final Pattern TRANSPORT_PREFIX = Pattern.compile("^([A-Za-z0-9+.\\-]+)::");
  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.\\-]*)://");
  private static final Pattern SCP_LIKE = Pattern.compile("^(?:([^@/:]+)@)?([^@/:\\[\\]]+):(.+)$");
  private static final Pattern SAFE_USER = Pattern.compile("[A-Za-z0-9._~][A-Za-z0-9._~\\-]*");
  private static final Pattern SAFE_HOST = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.\\-]*");
  private static final String HINT =
      "; use https://host/path, ssh://host/path, git@host:path, file:///path or an absolute path";

  private final String value;
  private final Transport transport;
  private final String normalized;
  private final String redacted;
  private final List<String> secrets;

  private GitRepositoryUrl(String value, Transport transport, String normalized, String redacted, List<String> secrets) {
    this.value = value;
    this.transport = transport;
    this.normalized = normalized;
    this.redacted = redacted;
    this.secrets = List.copyOf(secrets);
  }

  /** Parses {@code url}, refusing embedded credentials. */
  public static GitRepositoryUrl parse(String url) {
    return parse(url, false);
  }

  /** Parses {@code url}; embedded credentials are accepted only if {@code allowCredentials}. */
  public static GitRepositoryUrl parse(String url, boolean allowCredentials) {
    if (url == null) {
      throw new UnsafeRepositoryUrlException("is required" + HINT);
    }
    if (url.isEmpty() || url.isBlank()) {
      throw new UnsafeRepositoryUrlException("must not be blank" + HINT);
    }
    if (url.length() > MAX_LENGTH) {
      throw new UnsafeRepositoryUrlException("is longer than " + MAX_LENGTH + " characters");
    }
    String badChar = badCharacter(url);
    if (badChar != null) {
      throw new UnsafeRepositoryUrlException(
          "contains " + badChar + "; remove it (spaces in URLs must be percent-encoded, local paths with spaces are not supported)");
    }
    if (url.startsWith("-")) {
      throw new UnsafeRepositoryUrlException(
          "'" + shown(url) + "' starts with '-', which git would read as an option" + HINT);
    }
    Matcher transportPrefix = TRANSPORT_PREFIX.matcher(url);
    if (transportPrefix.find()) {
      String name = transportPrefix.group(1).toLowerCase(Locale.ROOT);
      String why = name.equals("ext") ? "the ext:: transport runs arbitrary commands and is never allowed"
          : name.equals("fd") ? "the fd:: transport reads from file descriptors and is never allowed"
          : "the '" + name + "::' transport helper is not supported";
      throw new UnsafeRepositoryUrlException(why + HINT);
    }
    Matcher scheme = SCHEME.matcher(url);
    if (scheme.find()) {
      String name = scheme.group(1).toLowerCase(Locale.ROOT);
      switch (name) {
        case "https": return network(url, Transport.HTTPS, allowCredentials);
        case "http": return network(url, Transport.HTTP, allowCredentials);
        case "ssh": return network(url, Transport.SSH, allowCredentials);
        case "file": return file(url);
        default: throw new UnsafeRepositoryUrlException("the scheme '" + name + "://' is not supported" + HINT);
      }
    }
    if (url.startsWith("/")) {
      return localPath(url);
    }
    Matcher scp = SCP_LIKE.matcher(url);
    if (scp.matches()) {
      return scpLike(url, scp.group(1), scp.group(2), scp.group(3));
    }
    throw new UnsafeRepositoryUrlException(
        "'" + shown(url) + "' is neither a URL nor an absolute path (relative paths are not accepted)" + HINT);
  }

  /** The URL as given (credentials included, if any were allowed): what git receives. */
  public String value() {
    return value;
  }

  public Transport transport() {
    return transport;
  }

  /**
   * The form that identifies the repository regardless of spelling: lowercase scheme and host, no
   * default port, no credentials, no trailing {@code /} or {@code .git}; local paths become {@code
   * file://} URLs. Two URLs with the same normalised form share one mirror.
   */
  public String normalized() {
    return normalized;
  }

  /** The URL with any credentials replaced by {@code ***}: for logs and messages. */
  public String redacted() {
    return redacted;
  }

  public boolean hasCredentials() {
    return !secrets.isEmpty();
  }

  /** The credentials in the URL (raw and decoded), for a {@link Redactor}; empty when there are none. */
  public List<String> secrets() {
    return secrets;
  }

  /** Whether the repository is on this machine (a {@code file://} URL or a local path). */
  public boolean isLocal() {
    return transport == Transport.FILE || transport == Transport.LOCAL_PATH;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof GitRepositoryUrl && ((GitRepositoryUrl) other).value.equals(value);
  }

  @Override
  public int hashCode() {
    return Objects.hash(value);
  }

  /** The redacted form. */
  @Override
  public String toString() {
    return redacted;
  }

  private static GitRepositoryUrl network(String url, Transport transport, boolean allowCredentials) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new UnsafeRepositoryUrlException("'" + shown(Redactor.patternsOnly().redact(url))
          + "' is not a valid URL (" + e.getReason() + ")" + HINT);
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String host = uri.getHost();
    String rawUser = uri.getRawUserInfo();
    List<String> secrets = rawUser == null ? List.of() : List.of(rawUser, decode(rawUser));
    boolean credentials = rawUser != null && (transport != Transport.SSH || rawUser.contains(":"));
    String safeShown = credentials ? scheme + "://***@" + uri.getRawAuthority().substring(rawUser.length() + 1)
        + nullToEmpty(uri.getRawPath()) : url;
    if (host == null || host.isEmpty()) {
      throw new UnsafeRepositoryUrlException("'" + shown(safeShown) + "' has no valid host name" + HINT);
    }
    if (!SAFE_HOST.matcher(host).matches() && !host.startsWith("[")) {
      throw new UnsafeRepositoryUrlException("the host '" + shown(host) + "' is not a plain host name; "
          + "a host starting with '-' could be read as an option");
    }
    if (credentials && !allowCredentials) {
      throw new UnsafeRepositoryUrlException("'" + shown(safeShown) + "' embeds credentials; remove them and "
          + "configure a credential helper or SSH key, or build the factory with allowCredentialsInUrls(true)");
    }
    if (!credentials && rawUser != null && !SAFE_USER.matcher(rawUser).matches()) {
      throw new UnsafeRepositoryUrlException("the user name in '" + shown(url)
          + "' must be letters, digits, '.', '_', '~' or '-' and must not start with '-'");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new UnsafeRepositoryUrlException("'" + shown(safeShown) + "' has a query or fragment; give the plain repository URL");
    }
    String path = uri.getPath();
    checkPath(path, safeShown);
    int port = uri.getPort();
    if (port == 0 || port > 65535) {
      throw new UnsafeRepositoryUrlException("'" + shown(safeShown) + "' has an invalid port " + port);
    }
    boolean defaultPort = port == -1 || port == 443 && transport == Transport.HTTPS
        || port == 80 && transport == Transport.HTTP || port == 22 && transport == Transport.SSH;
    String userPart = transport == Transport.SSH && rawUser != null && !credentials ? rawUser + "@" : "";
    String normalized = scheme + "://" + userPart + host.toLowerCase(Locale.ROOT)
        + (defaultPort ? "" : ":" + port) + stripRepositorySuffix(uri.getRawPath());
    String redacted = credentials ? safeShown : url;
    return new GitRepositoryUrl(url, transport, normalized, redacted, credentials ? secrets : List.of());
  }

  private static GitRepositoryUrl file(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new UnsafeRepositoryUrlException("'" + shown(url) + "' is not a valid file URL (" + e.getReason() + ")" + HINT);
    }
    String host = uri.getHost();
    if (uri.getRawAuthority() != null && !"localhost".equalsIgnoreCase(host)) {
      throw new UnsafeRepositoryUrlException("'" + shown(url) + "' names a host; file URLs must be file:///absolute/path");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new UnsafeRepositoryUrlException("'" + shown(url) + "' has a query or fragment; give the plain repository URL");
    }
    String path = uri.getPath();
    checkPath(path, url);
    return new GitRepositoryUrl(url, Transport.FILE, "file://" + stripRepositorySuffix(path), url, List.of());
  }

  private static GitRepositoryUrl localPath(String path) {
    checkPath(path, path);
    return new GitRepositoryUrl(path, Transport.LOCAL_PATH, "file://" + stripRepositorySuffix(path), path, List.of());
  }

  private static GitRepositoryUrl scpLike(String url, String user, String host, String path) {
    if (user != null && !SAFE_USER.matcher(user).matches()) {
      throw new UnsafeRepositoryUrlException("the user name in '" + shown(url)
          + "' must be letters, digits, '.', '_', '~' or '-' and must not start with '-'");
    }
    if (!SAFE_HOST.matcher(host).matches()) {
      throw new UnsafeRepositoryUrlException("the host '" + shown(host) + "' is not a plain host name; "
          + "a host starting with '-' could be read as an option");
    }
    if (path.startsWith("-")) {
      throw new UnsafeRepositoryUrlException("the path in '" + shown(url) + "' starts with '-', which could be read as an option");
    }
    checkPath(path, url);
    String normalized = (user == null ? "" : user + "@") + host.toLowerCase(Locale.ROOT) + ":" + stripRepositorySuffix(path);
    return new GitRepositoryUrl(url, Transport.SCP_LIKE, normalized, url, List.of());
  }

  private static void checkPath(String path, String shownUrl) {
    if (path == null || path.isEmpty() || path.equals("/")) {
      throw new UnsafeRepositoryUrlException("'" + shown(shownUrl) + "' has no repository path" + HINT);
    }
    String badChar = badCharacter(path);
    if (badChar != null) {
      throw new UnsafeRepositoryUrlException("the path of '" + shown(shownUrl) + "' contains " + badChar + " (percent-encoded)");
    }
    for (String segment : path.split("/")) {
      if (segment.startsWith("-")) {
        throw new UnsafeRepositoryUrlException("the path segment '" + shown(segment) + "' of '" + shown(shownUrl)
            + "' starts with '-', which could be read as an option");
      }
      if (segment.equals("..")) {
        throw new UnsafeRepositoryUrlException("'" + shown(shownUrl) + "' contains a '..' segment; give the path without it");
      }
    }
  }

  private static String badCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isISOControl(c)) {
        return "a control character at position " + i;
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return "whitespace at position " + i;
      }
      if (Character.getType(c) == Character.FORMAT) {
        return "an invisible formatting character at position " + i;
      }
    }
    return null;
  }

  private static String stripRepositorySuffix(String path) {
    String out = path == null ? "" : path;
    while (out.length() > 1 && out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    if (out.endsWith(".git") && out.length() > 4) {
      out = out.substring(0, out.length() - 4);
    }
    while (out.length() > 1 && out.endsWith("/")) {
      out = out.substring(0, out.length() - 1);
    }
    return out;
  }

  private static String decode(String raw) {
    try {
      return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return raw;
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  private static String shown(String text) {
    return Arguments.excerpt(text);
  }
}
