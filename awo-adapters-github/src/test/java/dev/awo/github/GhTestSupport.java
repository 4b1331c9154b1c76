package dev.awo.github;

import dev.awo.github.mock.MockGitHubServer;
import java.nio.file.Path;
import java.time.Duration;

/** Builds a {@link GhConfig} that points the real gh at a {@link MockGitHubServer}. */
final class GhTestSupport {
  /** A recognisable token, so tests can prove it never leaks. */
  static final String TOKEN = "ghp_TestTokenValue1234567890abcdef";

  private GhTestSupport() {}

  static GhConfig.Builder configFor(MockGitHubServer server, Path configDir) {
    return GhConfig.builder()
        .ghPath(RealGh.require())
        .host(MockGitHubServer.HOST)
        .token(TOKEN)
        .timeout(Duration.ofSeconds(60))
        .configDir(configDir)
        .env("HTTP_PROXY", server.proxyUrl())
        .env("http_proxy", server.proxyUrl())
        .env("NO_PROXY", null)
        .env("no_proxy", null);
  }
}
