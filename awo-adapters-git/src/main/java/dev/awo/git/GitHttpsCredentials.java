package dev.awo.git;

import dev.awo.domain.InvalidInputException;
import dev.awo.spi.Arguments;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A token git presents for https remotes on the named hosts (a GitHub token works as the password
 * of the user {@code x-access-token}), for awo's own clone, fetch, push and {@code ls-remote} and,
 * through {@link GitSandboxFactory#credentialEnvironment()}, for an agent's {@code git push}.
 *
 * <pre>{@code
 * GitSandboxFactory.builder().baseDirectory(base)
 *     .httpsCredentials(GitHttpsCredentials.token(System.getenv("GH_TOKEN"), "github.com"))
 *     .build();
 * }</pre>
 *
 * <p>How it reaches git: {@code GIT_ASKPASS} names a small helper script awo writes under the base
 * directory (outside every sandbox, directory and file mode 0700, no secret inside); the helper
 * answers git's user-name and password prompts only for the listed hosts, with the token it reads
 * from the environment variable {@code AWO_GIT_TOKEN}. The token is never put in a URL, an
 * argument vector, a repository's {@code .git/config} or any file, and is redacted from every
 * message and log line. Other hosts get no answer, so the token never goes where it was not meant
 * to. {@link #toString()} does not show it.
 *
 * <p>Immutable and thread-safe.
 */
public final class GitHttpsCredentials {
  private static final Pattern HOST = Pattern.compile("[a-z0-9](?:[a-z0-9.-]{0,252})(?::[0-9]{1,5})?");

  private final String token;
  private final Set<String> hosts;

  private GitHttpsCredentials(String token, Set<String> hosts) {
    this.token = token;
    this.hosts = Set.copyOf(hosts);
  }

  /**
   * A token for https remotes on {@code hosts} ({@code github.com}, {@code ghe.example.com} or,
   * with a port, {@code 127.0.0.1:8080}).
   */
  public static GitHttpsCredentials token(String token, String... hosts) {
    Arguments.requireText(token, "token");
    if (token.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new InvalidInputException("token", "must not contain white space or control characters");
    }
    if (hosts == null || hosts.length == 0) {
      throw new InvalidInputException("hosts", "name at least one host the token is for, e.g. github.com");
    }
    Set<String> checked = new LinkedHashSet<>();
    for (String host : hosts) {
      String lower = host == null ? "" : host.toLowerCase(Locale.ROOT);
      if (!HOST.matcher(lower).matches()) {
        throw new InvalidInputException("hosts", "'" + Arguments.excerpt(host) + "' is not a host name "
            + "(e.g. github.com or ghe.example.com:8443)");
      }
      checked.add(lower);
    }
    return new GitHttpsCredentials(token, checked);
  }

  /** The token; never log it. */
  public String token() {
    return token;
  }

  /** The hosts the token is presented to, lower case, each possibly with a port. */
  public Set<String> hosts() {
    return hosts;
  }

  @Override
  public String toString() {
    return "GitHttpsCredentials[token=***, hosts=" + hosts + "]";
  }
}
