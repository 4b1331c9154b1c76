package dev.awo.spring.boot.web;

/**
 * The query of {@code /logs}: {@code limit} (1–1000, default 100), {@code offset} (0 or more,
 * default 0), {@code level} (debug, info, warning or error; exact match) and {@code step} (a step
 * name of 1 to 64 characters). A bad value is a 400 naming its parameter, as on the example host.
 * Immutable and thread-safe.
 */
record LogQuery(int limit, int offset, String level, String step) {
  static final int MAX_LIMIT = 1000;
  static final int DEFAULT_LIMIT = 100;

  static LogQuery of(String limit, String offset, String level, String step) {
    int pageSize = (int) number("limit", limit, DEFAULT_LIMIT, 1, MAX_LIMIT);
    int skip = (int) number("offset", offset, 0, 0, Integer.MAX_VALUE);
    if (level != null && !WorkOrderLogBuffer.LEVELS.contains(level)) {
      throw HttpProblem.badRequest("level", "level must be one of debug, info, warning, error; got '"
          + excerpt(level) + "'");
    }
    if (step != null && (step.isBlank() || step.length() > 64)) {
      throw HttpProblem.badRequest("step", "step must be a step name of 1 to 64 characters");
    }
    return new LogQuery(pageSize, skip, level, step);
  }

  private static long number(String name, String text, long fallback, long min, long max) {
    if (text == null) {
      return fallback;
    }
    long value;
    try {
      value = Long.parseLong(text.strip());
    } catch (NumberFormatException e) {
      throw HttpProblem.badRequest(name, name + " must be a whole number between " + min + " and " + max
          + "; got '" + excerpt(text) + "'");
    }
    if (value < min || value > max) {
      throw HttpProblem.badRequest(name, name + " must be between " + min + " and " + max + "; got " + value);
    }
    return value;
  }

  private static String excerpt(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }
}
