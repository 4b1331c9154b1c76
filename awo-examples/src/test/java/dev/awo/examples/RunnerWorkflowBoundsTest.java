package dev.awo.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The runner refuses workflow files out of bounds with one line, before anything runs")
class RunnerWorkflowBoundsTest {
  @TempDir Path temp;

  @Test
  @DisplayName("a 3 GB --workflow file is one line on stderr and exit 2, not an OutOfMemoryError")
  void hugeWorkflowFile() throws Exception {
    Path file = temp.resolve("huge.json");
    try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw")) {
      sparse.setLength(3L * 1024 * 1024 * 1024);
    }
    AwoRunnerTest.Run run = AwoRunnerTest.run("--workflow", file.toString(), "--workdir", temp.resolve("work").toString());
    assertEquals(2, run.exit(), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().contains("3221225472 bytes; a workflow definition may be at most 1048576 bytes"), run.err());
    assertFalse(Files.exists(temp.resolve("work")), "nothing was created");
  }

  @Test
  @DisplayName("a workflow asking for 2^31-1 attempts is refused naming the field")
  void unboundedRetries() throws Exception {
    Path file = Files.writeString(temp.resolve("retry.json"), """
        {"name": "loop", "nodes": [{"id": "a", "type": "agent_call", "template": "classifier",
          "retry": {"max_attempts": 2147483647, "initial_delay": 0}}]}
        """);
    AwoRunnerTest.Run run = AwoRunnerTest.run("--workflow", file.toString(), "--workdir", temp.resolve("work").toString());
    assertEquals(2, run.exit(), run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(run.err().contains("'retry.max_attempts' must be at most 100, got 2147483647"), run.err());
  }
}
