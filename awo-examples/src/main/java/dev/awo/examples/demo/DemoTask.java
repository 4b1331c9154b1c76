package dev.awo.examples.demo;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the demo agent reads from a task: its kind, by keywords, and a branch slug. Deterministic.
 */
final class DemoTask {
  private static final Set<String> BUG_WORDS =
      Set.of("bug", "fix", "fixes", "broken", "crash", "crashes", "error", "wrong", "fails", "failing", "regression");
  private static final Pattern WORD = Pattern.compile("[^a-z0-9]+");

  private DemoTask() {}

  /** {@code bug} when the task names a defect, else {@code feature}. */
  static String kind(String task) {
    for (String word : WORD.split(task.toLowerCase(Locale.ROOT))) {
      if (BUG_WORDS.contains(word)) {
        return "bug";
      }
    }
    return "feature";
  }

  /** The first three to five words of the task in kebab-case, e.g. {@code add-a-greeting-file}. */
  static String slug(String task) {
    StringBuilder slug = new StringBuilder();
    int words = 0;
    for (String word : WORD.split(task.toLowerCase(Locale.ROOT))) {
      if (word.isEmpty()) {
        continue;
      }
      if (words == 5 || slug.length() + word.length() > 40) {
        break;
      }
      slug.append(slug.length() == 0 ? "" : "-").append(word);
      words++;
    }
    return slug.length() == 0 ? "change" : slug.toString();
  }

  /** The first line of the task, shortened for a commit message. */
  static String title(String task) {
    String line = task.strip().lines().findFirst().orElse("change");
    return line.length() > 60 ? line.substring(0, 57) + "..." : line;
  }
}
