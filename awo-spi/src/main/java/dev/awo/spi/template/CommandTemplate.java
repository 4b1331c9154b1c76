package dev.awo.spi.template;

import static dev.awo.spi.Arguments.requirePresent;

import java.util.List;

/**
 * A prompt template for one step, in the Claude Code slash-command format: {@code $ARGUMENTS}
 * stands for all arguments joined by spaces, {@code $1}, {@code $2}, ... for one each. {@code $10}
 * is the tenth argument, never the first followed by {@code 0}; a placeholder with no argument
 * becomes empty; a {@code $} not followed by a digit or {@code ARGUMENTS} stays as it is.
 *
 * <pre>{@code
 * new CommandTemplate("classify", "Classify: $ARGUMENTS").render(List.of("Add", "a flag"));
 * // "Classify: Add a flag"
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public record CommandTemplate(String name, String text) {
  private static final String ALL = "$ARGUMENTS";

  public CommandTemplate {
    CommandTemplates.requireName(name);
    requirePresent(text, "text");
  }

  /** The text with every placeholder replaced; replacement text is never itself expanded. */
  public String render(List<String> arguments) {
    requirePresent(arguments, "arguments");
    StringBuilder out = new StringBuilder(text.length() + 64);
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c != '$') {
        out.append(c);
        i++;
      } else if (text.startsWith(ALL, i)) {
        out.append(String.join(" ", arguments));
        i += ALL.length();
      } else if (i + 1 < text.length() && Character.isDigit(text.charAt(i + 1))) {
        int end = i + 1;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
          end++;
        }
        int index = parseIndex(text.substring(i + 1, end));
        if (index >= 1 && index <= arguments.size()) {
          out.append(arguments.get(index - 1));
        }
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static int parseIndex(String digits) {
    try {
      return Integer.parseInt(digits);
    } catch (NumberFormatException tooLong) {
      return -1;
    }
  }
}
