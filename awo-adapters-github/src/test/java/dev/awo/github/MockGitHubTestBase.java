package dev.awo.github;

import dev.awo.github.mock.MockGitHubServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mock GitHub API holding {@code acme/widgets} (default branch main) with issue #7, and a {@link
 * GhCli} pointed at it, fresh for each test. Subclasses add what else they need in {@link
 * #addFixtures()}.
 */
abstract class MockGitHubTestBase {
  @TempDir Path configDir;
  MockGitHubServer server;
  GhCli gh;

  @BeforeEach
  void startMockGitHub() {
    server = MockGitHubServer.start();
    server.addRepository("acme", "widgets", "main");
    addFixtures();
    gh = new GhCli(GhTestSupport.configFor(server, configDir).build());
  }

  /** Adds issues and repositories; by default issue #7 "Add a plan" with an empty body. */
  void addFixtures() {
    server.addIssue("acme", "widgets", 7, "Add a plan", "", "OPEN", List.of());
  }

  @AfterEach
  void stopMockGitHub() {
    server.close();
  }
}
