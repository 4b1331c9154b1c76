package dev.awo.core.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.awo.domain.InvalidInputException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.DisplayName;

@DisplayName("Condition expressions")
class ConditionExpressionTest {
  private static final Map<String, Map<String, String>> SCOPES = Map.of(
      "tests", Map.of("output", "12 tests PASS"),
      "classify", Map.of("kind", "bug"),
      "context", Map.of("branch", "feat-x"));

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "$tests.output contains \"PASS\"                    | true",
      "$tests.output contains 'FAIL'                       | false",
      "$classify.kind == \"bug\"                           | true",
      "$classify.kind != \"bug\"                           | false",
      "$classify.kind == \"bug\" and $tests.output contains \"PASS\" | true",
      "$classify.kind == \"chore\" or $context.branch == \"feat-x\"  | true",
      "not ($classify.kind == \"bug\")                     | false",
      "not $classify.kind == \"feature\" and true          | true",
      "$classify.kind                                      | bug",
      "$missing.output == \"\"                             | true",
      "\"a \\\"quoted\\\" word\" contains 'quoted'        | true",
  })
  void evaluates(String expression, String value) {
    assertEquals(value, ConditionExpression.parse(expression).evaluate(SCOPES));
  }

  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource(delimiter = '|', value = {
      "$a.output = 'x'              | unexpected character '=' at character 11 (write '==')",
      "$a.output == 'x' && true     | unexpected character '&' at character 18 (write 'and')",
      "!($a.output == 'x')          | unexpected character '!' at character 1 (write 'not' or '!=')",
      "($a.output == 'x'            | expected ')' to close the '(' at character 1 but found end of expression",
      "$a.output == 'x               | has no closing '",
      "$a.output and true           | the operands of 'and' must be comparisons or true/false",
      "$a.output == bug             | quote text as \"bug\"",
      "$A.output == 'x'             | '$A.output' at character 1 is not a binding",
      "$a.output 'x'                | unexpected 'x' at character 11",
  })
  void refuses(String expression, String message) {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> ConditionExpression.parse(expression));
    assertEquals("expression", e.field());
    if (!e.getMessage().contains(message)) {
      throw new AssertionError("expected '" + message + "' in: " + e.getMessage());
    }
  }
}
