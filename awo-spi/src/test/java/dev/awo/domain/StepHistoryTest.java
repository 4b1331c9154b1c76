package dev.awo.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.spi.testkit.TestValues;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("StepHistory snapshots")
class StepHistoryTest {
  private final WorkOrderId id = WorkOrderId.of("wo-0000abcd");

  @Test
  @DisplayName("append returns a new snapshot one version higher and leaves the old one unchanged")
  void appendIsPersistent() {
    StepHistory one = StepHistory.empty(id).append(TestValues.result(0));
    StepHistory two = one.append(TestValues.result(1));
    assertEquals(1, one.version());
    assertEquals(1, one.results().size());
    assertEquals(2, two.version());
    assertEquals(List.of(TestValues.result(0), TestValues.result(1)), two.results());
  }

  @Test
  @DisplayName("appending twice to the same snapshot forks: both branches keep their own results")
  void forkedAppends() {
    StepHistory base = TestValues.history(id, 3);
    StepHistory left = base.append(TestValues.result(10));
    StepHistory right = base.append(TestValues.result(20));
    assertEquals(TestValues.result(10), left.results().get(3));
    assertEquals(TestValues.result(20), right.results().get(3));
    assertEquals(3, base.results().size());
  }

  @Test
  @DisplayName("a history of 5,000 results reads back every result in order across chunk boundaries")
  void longHistory() {
    StepHistory h = StepHistory.empty(id);
    List<StepResult> expected = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      StepResult r = TestValues.result(i);
      expected.add(r);
      h = h.append(r);
    }
    assertEquals(expected, h.results());
    assertEquals(expected, new ArrayList<>(h.results()));
    assertEquals(StepHistory.of(id, expected), h);
  }

  @Test
  @DisplayName("readers of older snapshots always see their own results while a writer keeps appending")
  void concurrentReadersOfOlderSnapshots() throws Exception {
    List<StepHistory> published = new java.util.concurrent.CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<?> writer = pool.submit(() -> {
        StepHistory h = StepHistory.empty(id);
        for (int i = 0; i < 3000; i++) {
          h = h.append(TestValues.result(i));
          published.add(h);
        }
      });
      List<Future<String>> readers = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        readers.add(pool.submit(() -> {
          while (!writer.isDone() || published.size() < 3000) {
            if (published.isEmpty()) {
              continue;
            }
            StepHistory s = published.get(published.size() / 2);
            for (int i = 0; i < s.size(); i++) {
              if (s.results().get(i) == null || !s.results().get(i).step().equals("step_" + i)) {
                return "snapshot " + s.version() + " had a wrong result at " + i;
              }
            }
          }
          return null;
        }));
      }
      writer.get(60, TimeUnit.SECONDS);
      for (Future<String> reader : readers) {
        assertEquals(null, reader.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("a version that does not match the number of results is refused")
  void versionMustMatch() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> new StepHistory(id, List.of(TestValues.result(0)), 2));
    assertEquals("version", e.field());
  }

  @Test
  @DisplayName("results cannot be modified through the list, and null results are refused")
  void immutableAndNoNulls() {
    StepHistory h = TestValues.history(id, 2);
    assertThrows(UnsupportedOperationException.class, () -> h.results().clear());
    List<StepResult> withNull = new ArrayList<>();
    withNull.add(null);
    assertThrows(InvalidInputException.class, () -> StepHistory.of(id, withNull));
    assertTrue(h.latest("step_0").isPresent());
  }
}
