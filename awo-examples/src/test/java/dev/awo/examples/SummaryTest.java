package dev.awo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The runner's summary: cents, ASCII, each thing said once")
class SummaryTest {
  @Test
  @DisplayName("cost is rounded as the issue comment rounds it: cents from a dollar on, four places below")
  void costInCents() {
    assertEquals("$1.26", Summary.dollars(new BigDecimal("1.25707499999999995")));
    assertEquals("$12.00", Summary.dollars(new BigDecimal("11.999")));
    assertEquals("$0.0123", Summary.dollars(new BigDecimal("0.012345")));
  }

  @Test
  @DisplayName("non-ASCII text is printed as plain ASCII")
  void plainAscii() {
    assertEquals("none - pushed... \"ok\" 'x' caf?", Summary.ascii("none \u2014 pushed\u2026 \u201cok\u201d \u2018x\u2019 caf\u00e9"));
  }

  @Test
  @DisplayName("a step error is not repeated by the work order's error")
  void saidOnce() {
    assertEquals("step 'implement' failed: API error: HTTP 500: boom",
        Summary.saidOnce("step 'implement' failed: implement failed: API error: HTTP 500: boom"));
    assertEquals("step 'commit' failed: commit could not run: x", Summary.saidOnce("step 'commit' failed: commit could not run: x"));
  }
}
