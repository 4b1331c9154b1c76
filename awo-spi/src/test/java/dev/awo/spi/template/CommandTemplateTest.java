package dev.awo.spi.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.awo.domain.InvalidInputException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Template substitution")
class CommandTemplateTest {
  private static final List<String> TWELVE = IntStream.rangeClosed(1, 12).mapToObj(i -> "a" + i).toList();

  private static String render(String text, List<String> args) {
    return new CommandTemplate("t", text).render(args);
  }

  @Test
  @DisplayName("$ARGUMENTS is every argument joined by spaces")
  void allArguments() {
    assertEquals("do: x y z", render("do: $ARGUMENTS", List.of("x", "y", "z")));
  }

  @Test
  @DisplayName("$10 is the tenth argument, not the first followed by 0")
  void tenIsTen() {
    assertEquals("a10 a1 a12", render("$10 $1 $12", TWELVE));
  }

  @Test
  @DisplayName("$1 directly followed by letters is still the first argument")
  void digitThenLetters() {
    assertEquals("a1x", render("$1x", TWELVE));
  }

  @ParameterizedTest(name = "''{0}'' renders as ''{1}''")
  @CsvSource(delimiter = '|', value = {
      "$3 with two arguments|' with two arguments'",
      "cost: $ 5|cost: $ 5",
      "$$1|$a1",
      "end $|end $",
      "$ARGUMENTSX|a1 a2X",
      "$arguments|$arguments",
      "$0|''",
      "$99999999999999999999|''"
  })
  void edgeCases(String text, String expected) {
    assertEquals(expected, render(text, List.of("a1", "a2")));
  }

  @Test
  @DisplayName("argument text is never expanded again, even when it contains placeholders")
  void noRecursiveExpansion() {
    assertEquals("[$2] [$ARGUMENTS]", render("[$1] [$2]", List.of("$2", "$ARGUMENTS")));
    assertEquals("$1 $2", render("$ARGUMENTS", List.of("$1", "$2")));
  }

  @Test
  @DisplayName("template names that could be paths or options are refused")
  void badNames() {
    for (String name : List.of("../etc/passwd", "-rf", "a/b", "UPPER", "", "x".repeat(65), "a b")) {
      assertThrows(InvalidInputException.class, () -> CommandTemplates.requireName(name), name);
    }
    assertEquals("planner_feature", CommandTemplates.requireName("planner_feature"));
  }
}
