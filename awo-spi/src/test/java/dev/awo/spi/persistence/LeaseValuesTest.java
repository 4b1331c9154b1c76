package dev.awo.spi.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.IdempotencyKey;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.process.ProcessOwner;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Owner ids, leases and idempotency keys validate themselves")
class LeaseValuesTest {
  private static final WorkOrderId ID = WorkOrderId.of("wo-0000abcd");
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  @DisplayName("owner ids: letters, digits, '.', '_', '-', 1 to 64; generated ones are valid and differ")
  void ownerIds() {
    assertEquals("host-1.a_b", OwnerId.of("host-1.a_b").value());
    for (String bad : List.of("", "has space", "x".repeat(65), "naïve", "a/b")) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> OwnerId.of(bad), bad);
      assertEquals("ownerId", e.field());
    }
    assertThrows(InvalidInputException.class, () -> OwnerId.of(null));
    OwnerId a = OwnerId.generate();
    assertTrue(a.value().length() <= OwnerId.MAX_LENGTH, a.value());
    assertNotEquals(a, OwnerId.generate());
  }

  @Test
  @DisplayName("a generated owner id tells when its process died on this machine; a chosen one never does")
  void localAndDead() throws Exception {
    assertFalse(OwnerId.generate().isLocalAndDead(), "this JVM");
    assertFalse(OwnerId.of("victim").isLocalAndDead(), "an id the host chose");
    Process p = new ProcessBuilder("sleep", "0.3").start();
    ProcessOwner owner = new ProcessOwner(p.pid(),
        p.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(-1L));
    OwnerId id = OwnerId.forProcess(owner);
    assertFalse(id.isLocalAndDead(), "while the process runs: " + id);
    assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS));
    assertTrue(id.isLocalAndDead(), "after the process ended: " + id);
  }

  @Test
  @DisplayName("a lease has a version of 1 or more, expires exactly at expiresAt, and fences only its own work order")
  void leases() {
    Lease lease = new Lease(ID, OwnerId.of("a"), 1, T);
    assertFalse(lease.expiredAt(T.minusNanos(1)));
    assertTrue(lease.expiredAt(T));
    assertEquals(T.plusSeconds(5), lease.until(T.plusSeconds(5)).expiresAt());
    assertThrows(InvalidInputException.class, () -> new Lease(ID, OwnerId.of("a"), 0, T));
    assertThrows(IllegalArgumentException.class, () -> lease.requireFor(WorkOrderId.of("wo-0000abce")));
    assertEquals(lease, lease.requireFor(ID));
    LeaseLostException lost = new LeaseLostException(lease, "owner b at version 2");
    assertEquals(ID, lost.workOrderId());
    assertTrue(lost.getMessage().contains("owner b at version 2"), lost.getMessage());
  }

  @Test
  @DisplayName("idempotency keys: 1 to 128 visible ASCII characters, anything else refused naming the field")
  void idempotencyKeys() {
    assertEquals("a!~" + "9".repeat(125), IdempotencyKey.of("a!~" + "9".repeat(125)).value());
    for (String bad : List.of("", " ", "a b", "x".repeat(129), "é", "tab\t", "line\n")) {
      assertEquals("idempotencyKey", assertThrows(InvalidInputException.class, () -> IdempotencyKey.of(bad), bad).field());
    }
    DuplicateIdempotencyKeyException duplicate = new DuplicateIdempotencyKeyException(ID, WorkOrderId.of("wo-00000001"));
    assertEquals(WorkOrderId.of("wo-00000001"), duplicate.existing());
  }
}
