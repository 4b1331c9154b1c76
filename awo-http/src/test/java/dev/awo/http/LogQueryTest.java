package dev.awo.http;

import static dev.awo.http.RepositoryApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The /logs query: defaults, bounds, Last-Event-ID, a 400 naming each bad parameter. */
class LogQueryTest {

  @Test
  void defaultsAndSinceFromTheParameterOrTheLastEventId() {
    assertEquals(new LogQuery(100, 0, null, null, 0), LogQuery.parse(null, null, null, null, null, null));
    assertEquals(new LogQuery(5, 2, "info", "plan", 9), LogQuery.parse("5", " 2 ", "info", "plan", null, "9"));
    assertEquals(3, LogQuery.parse(null, null, null, null, "3", "9").since(), "since wins over Last-Event-ID");
  }

  @Test
  void eachBadParameterIsA400NamingIt() {
    assertProblem(400, "limit", () -> LogQuery.parse("0", null, null, null, null, null));
    assertProblem(400, "limit", () -> LogQuery.parse("1001", null, null, null, null, null));
    assertProblem(400, "offset", () -> LogQuery.parse(null, "-1", null, null, null, null));
    assertProblem(400, "offset", () -> LogQuery.parse(null, "x", null, null, null, null));
    assertProblem(400, "level", () -> LogQuery.parse(null, null, "fatal", null, null, null));
    assertProblem(400, "step", () -> LogQuery.parse(null, null, null, "s".repeat(65), null, null));
    assertProblem(400, "since", () -> LogQuery.parse(null, null, null, null, "-2", null));
    assertProblem(400, "Last-Event-ID", () -> LogQuery.parse(null, null, null, null, null, "abc"));
  }
}
