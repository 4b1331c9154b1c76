package dev.awo.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("InvalidInputException")
class InvalidInputExceptionTest {
  @Test
  @DisplayName("carries the field and the problem apart, and composes its message from them")
  void partsApart() {
    InvalidInputException e = new InvalidInputException("retry.maximumAttempts", "must be at most 100, got 101");
    assertEquals("retry.maximumAttempts", e.field());
    assertEquals("must be at most 100, got 101", e.problem());
    assertEquals("Invalid retry.maximumAttempts: must be at most 100, got 101", e.getMessage());
  }

  @Test
  @DisplayName("a value type's refusal names its field and states the problem without the prefix")
  void fromAValueType() {
    InvalidInputException e = assertThrows(InvalidInputException.class, () -> WorkOrderId.of("nope"));
    assertEquals("Invalid " + e.field() + ": " + e.problem(), e.getMessage());
    assertFalse(e.problem().startsWith("Invalid"), e.problem());
  }
}
