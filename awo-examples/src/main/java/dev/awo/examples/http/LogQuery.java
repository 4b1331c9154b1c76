package dev.awo.examples.http;

import org.eclipse.jetty.server.Request;

/**
 * The query of {@code /logs} and {@code /logs/stream}: {@code limit} (1–1000, default 100), {@code
 * offset} (0 or more, default 0), {@code level} (debug, info, warning or error), {@code step} (a step
 * name) and {@code since} (a log entry's {@code sequence}: the stream sends the entries after it; the
 * {@code Last-Event-ID} header of a reconnecting {@code EventSource} counts the same). A bad value
 * is a 400 naming its parameter. Immutable and thread-safe.
 */
record LogQuery(int limit, int offset, String level, String step, long since) {
  static final int MAX_LIMIT = 1000;
  static final int DEFAULT_LIMIT = 100;

  static LogQuery of(Request request) {
    int limit = (int) number(request, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    int offset = (int) number(request, "offset", 0, 0, Integer.MAX_VALUE);
    String level = RequestGuard.queryParameter(request, "level");
    if (level != null && !WorkOrderLogs.LEVELS.contains(level)) {
      throw HttpProblem.badRequest("level", "level must be one of debug, info, warning, error; got '"
          + WorkOrderRoutes.excerpt(level) + "'");
    }
    String step = RequestGuard.queryParameter(request, "step");
    if (step != null && (step.isBlank() || step.length() > 64)) {
      throw HttpProblem.badRequest("step", "step must be a step name of 1 to 64 characters");
    }
    String lastEventId = request.getHeaders().get("Last-Event-ID");
    long since = RequestGuard.queryParameter(request, "since") != null || lastEventId == null
        ? number(request, "since", 0, 0, Long.MAX_VALUE) : parse("Last-Event-ID", lastEventId, 0, Long.MAX_VALUE);
    return new LogQuery(limit, offset, level, step, since);
  }

  private static long number(Request request, String name, long fallback, long min, long max) {
    String text = RequestGuard.queryParameter(request, name);
    return text == null ? fallback : parse(name, text, min, max);
  }

  private static long parse(String name, String text, long min, long max) {
    long value;
    try {
      value = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw HttpProblem.badRequest(name, name + " must be a whole number between " + min + " and " + max
          + "; got '" + WorkOrderRoutes.excerpt(text) + "'");
    }
    if (value < min || value > max) {
      throw HttpProblem.badRequest(name, name + " must be between " + min + " and " + max + "; got " + value);
    }
    return value;
  }
}
