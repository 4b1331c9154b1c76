package dev.awo.claude;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("version() against the real Claude Code CLI")
class ClaudeVersionTest extends RealCliFixture {
  @Test
  @DisplayName("the real CLI starts and names its version; no API request is made")
  void realCliReportsVersion() {
    String version = executor().version();

    assertTrue(version.contains("2.1.197") && version.contains("Claude Code"), version);
    assertTrue(api.requests().isEmpty(), "no API call: " + api.requests());
  }
}
