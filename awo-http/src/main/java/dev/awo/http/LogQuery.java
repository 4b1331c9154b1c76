package dev.awo.http;

import java.util.Set;

/**
 * The query of {@code GET /agent-work-orders/{id}/logs} and {@code /logs/stream}: {@code limit}
 * (1–{@value #MAX_LIMIT}, default {@value #DEFAULT_LIMIT}), {@code offset} (0 or more, default 0),
 * {@code level} (debug, info, warning or error; exact match), {@code step} (a step name of 1–64
 * characters) and {@code since} (a log entry's {@code sequence}: the stream sends the entries after
 * it; a reconnecting {@code EventSource}'s {@code Last-Event-ID} header counts the same when {@code
 * since} is absent). A bad value is an {@link ApiProblem} (400) naming its parameter.
 *
 * <pre>{@code
 * LogQuery query = LogQuery.parse(request.getParameter("limit"), request.getParameter("offset"),
 *     request.getParameter("level"), request.getParameter("step"), request.getParameter("since"),
 *     request.getHeader("Last-Event-ID"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param limit entries per page
 * @param offset matching entries to skip
 * @param level only entries of this level, or null for all
 * @param step only entries of this step, or null for all
 * @param since the stream starts after this sequence (0: from the first entry)
 */
public record LogQuery(int limit, int offset, String level, String step, long since) {
  /** The largest page. */
  public static final int MAX_LIMIT = 1000;
  /** The page size when {@code limit} is absent. */
  public static final int DEFAULT_LIMIT = 100;
  /** The levels, least severe first. */
  public static final Set<String> LEVELS = Set.of("debug", "info", "warning", "error");
  private static final int MAX_STEP = 64;

  /**
   * Validates the query.
   *
   * @throws ApiProblem 400 naming the parameter out of range
   */
  public LogQuery {
    range("limit", limit, 1, MAX_LIMIT);
    range("offset", offset, 0, Integer.MAX_VALUE);
    range("since", since, 0, Long.MAX_VALUE);
    if (level != null && !LEVELS.contains(level)) {
      throw ApiProblem.badRequest("level", "level must be one of debug, info, warning, error; got '"
          + JsonBodies.excerpt(level) + "'");
    }
    if (step != null && (step.isBlank() || step.length() > MAX_STEP)) {
      throw ApiProblem.badRequest("step", "step must be a step name of 1 to " + MAX_STEP + " characters");
    }
  }

  /**
   * The query from its parameters as the request sent them (each null when absent).
   *
   * @throws ApiProblem 400 naming the parameter that is not a number or out of range
   */
  public static LogQuery parse(String limit, String offset, String level, String step, String since,
      String lastEventId) {
    long after = since != null || lastEventId == null ? number("since", since, 0, 0, Long.MAX_VALUE)
        : number("Last-Event-ID", lastEventId, 0, 0, Long.MAX_VALUE);
    return new LogQuery((int) number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT),
        (int) number("offset", offset, 0, 0, Integer.MAX_VALUE), level, step, after);
  }

  /** Whether {@code entry} has this query's level and step (a null filter matches every entry). */
  public boolean matches(WorkOrderLogBuffer.Entry entry) {
    return (level == null || level.equals(entry.level())) && (step == null || step.equals(entry.step()));
  }

  private static long number(String name, String text, long fallback, long min, long max) {
    if (text == null) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest(name, name + " must be a whole number between " + min + " and " + max
          + "; got '" + JsonBodies.excerpt(text) + "'");
    }
    range(name, value, min, max);
    return value;
  }

  private static void range(String name, long value, long min, long max) {
    if (value < min || value > max) {
      throw ApiProblem.badRequest(name, name + " must be between " + min + " and " + max + "; got " + value);
    }
  }
}
