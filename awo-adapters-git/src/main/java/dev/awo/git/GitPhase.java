package dev.awo.git;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a work order's agent is, as read from its git history.
 *
 * <p>The rule ({@link #of}): no commits since the base and a clean tree is {@link #NOT_STARTED};
 * no commits but uncommitted changes is {@link #IMPLEMENTING}. Otherwise the latest commit's
 * subject decides. A conventional-commit type ({@code type(scope)!: ...}) maps as: {@code plan}
 * &rarr; PLANNING; {@code feat fix refactor perf style docs} &rarr; IMPLEMENTING; {@code test}
 * &rarr; TESTING; {@code chore build ci release revert} &rarr; COMMITTING. Without a known type, the
 * first workflow word found in the subject (case-insensitive, as a whole word) decides: {@code plan,
 * planning, planned} &rarr; PLANNING; {@code implement, implementing, implemented} &rarr;
 * IMPLEMENTING; {@code test, tests, testing} &rarr; TESTING; {@code commit, committing, committed}
 * &rarr; COMMITTING. Anything else is {@link #UNKNOWN}.
 *
 * <pre>{@code
 * GitPhase.fromCommitSubject("feat(cart): add totals");   // IMPLEMENTING
 * }</pre>
 *
 * <p>Thread-safe (an enum).
 */
public enum GitPhase {
  NOT_STARTED, PLANNING, IMPLEMENTING, TESTING, COMMITTING, UNKNOWN;

  private static final Pattern CONVENTIONAL = Pattern.compile("^([A-Za-z]+)(\\([^)]*\\))?!?:");
  private static final Pattern WORD = Pattern.compile("[A-Za-z]+");
  private static final Map<String, GitPhase> TYPES = Map.ofEntries(
      Map.entry("plan", PLANNING),
      Map.entry("feat", IMPLEMENTING), Map.entry("fix", IMPLEMENTING), Map.entry("refactor", IMPLEMENTING),
      Map.entry("perf", IMPLEMENTING), Map.entry("style", IMPLEMENTING), Map.entry("docs", IMPLEMENTING),
      Map.entry("test", TESTING),
      Map.entry("chore", COMMITTING), Map.entry("build", COMMITTING), Map.entry("ci", COMMITTING),
      Map.entry("release", COMMITTING), Map.entry("revert", COMMITTING));
  private static final Map<String, GitPhase> WORDS = Map.ofEntries(
      Map.entry("plan", PLANNING), Map.entry("planning", PLANNING), Map.entry("planned", PLANNING),
      Map.entry("implement", IMPLEMENTING), Map.entry("implementing", IMPLEMENTING),
      Map.entry("implemented", IMPLEMENTING),
      Map.entry("test", TESTING), Map.entry("tests", TESTING), Map.entry("testing", TESTING),
      Map.entry("commit", COMMITTING), Map.entry("committing", COMMITTING), Map.entry("committed", COMMITTING));

  /** The phase for a history with {@code commitsSinceBase} commits, the latest having {@code subject}. */
  public static GitPhase of(int commitsSinceBase, String subject, int uncommittedChanges) {
    if (commitsSinceBase == 0) {
      return uncommittedChanges > 0 ? IMPLEMENTING : NOT_STARTED;
    }
    return fromCommitSubject(subject);
  }

  /** The phase a commit subject announces; {@link #UNKNOWN} when it names none. */
  public static GitPhase fromCommitSubject(String subject) {
    if (subject == null || subject.isBlank()) {
      return UNKNOWN;
    }
    String text = subject.strip();
    Matcher conventional = CONVENTIONAL.matcher(text);
    if (conventional.find()) {
      GitPhase phase = TYPES.get(conventional.group(1).toLowerCase(Locale.ROOT));
      if (phase != null) {
        return phase;
      }
    }
    Matcher word = WORD.matcher(text);
    while (word.find()) {
      GitPhase phase = WORDS.get(word.group().toLowerCase(Locale.ROOT));
      if (phase != null) {
        return phase;
      }
    }
    return UNKNOWN;
  }
}
