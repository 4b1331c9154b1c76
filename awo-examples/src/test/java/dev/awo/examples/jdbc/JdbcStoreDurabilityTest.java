package dev.awo.examples.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saved means durable (issue 11): a JVM that dies the instant after {@code save} returns must not
 * take the save back. H2 with its default write delay lost every one of 300 acknowledged commits in
 * this set-up; the runner's store adds {@code WRITE_DELAY=0} to embedded H2 URLs.
 */
class JdbcStoreDurabilityTest {
  private static final int SAVES = 60;
  private static final WorkOrderId ID = WorkOrderId.of("wo-0000d00d");

  /** The child JVM: saves versions 1..n, printing each version once save returned, then halts. */
  public static void main(String[] args) {
    try (JdbcStore store = JdbcStore.open(args[0])) {
      StepHistory history = StepHistory.empty(ID);
      for (int v = 1; v <= Integer.parseInt(args[1]); v++) {
        history = history.append(StepResult.builder("step_" + v, Instant.EPOCH).succeeded("output " + v).build());
        store.stepHistories().save(history);
        System.out.println(v);
        System.out.flush();
      }
      Runtime.getRuntime().halt(0); // a crash: no close, no shutdown hooks, nothing flushed on the way out
    }
  }

  @Test
  @DisplayName("every save acknowledged on an embedded H2 file store survives the JVM being killed right after it")
  void acknowledgedSavesSurviveACrash(@TempDir Path dir) throws Exception {
    String url = "jdbc:h2:" + dir.resolve("store");
    int acknowledged = runAndCrash(url, SAVES);
    assertEquals(SAVES, acknowledged, "saves the child acknowledged before it halted");
    try (JdbcStore store = JdbcStore.open(url)) {
      assertEquals(acknowledged, store.stepHistories().find(ID).map(StepHistory::version).orElse(0L),
          "acknowledged saves found after the crash");
    }
  }

  @Test
  @DisplayName("an embedded H2 URL gets WRITE_DELAY=0; in-memory, PostgreSQL and explicit settings are left alone")
  void writeDelayOnlyWhereItMatters() {
    assertEquals("jdbc:h2:/tmp/awo;WRITE_DELAY=0", JdbcStore.durable("jdbc:h2:/tmp/awo"));
    assertEquals("jdbc:h2:mem:x", JdbcStore.durable("jdbc:h2:mem:x"));
    assertEquals("jdbc:h2:/tmp/awo;write_delay=100", JdbcStore.durable("jdbc:h2:/tmp/awo;write_delay=100"));
    assertEquals("jdbc:postgresql://h/db", JdbcStore.durable("jdbc:postgresql://h/db"));
  }

  private static int runAndCrash(String url, int saves) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
        JdbcStoreDurabilityTest.class.getName(), url, String.valueOf(saves)))
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    child.getOutputStream().close();
    int last = 0;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        last = Integer.parseInt(line.strip());
      }
    }
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end");
    return last;
  }
}
