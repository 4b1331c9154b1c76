package dev.awo.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** A {@link WorkerMain} running in a JVM of its own, started with this JVM's test class path. */
record Worker(Process process, Path log, String name) {

  static Worker start(Path base, String url, String prefix, String mode) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Path log = base.resolveSibling(prefix + ".log");
    Process process = new ProcessBuilder(java, "-Xshare:auto", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), WorkerMain.class.getName(), base.toString(), url, prefix, mode)
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    return new Worker(process, log, prefix);
  }

  /** Waits for the worker and asserts it exited with 0; returns its output. */
  String awaitSuccess() throws Exception {
    boolean finished = process.waitFor(120, TimeUnit.SECONDS);
    if (!finished) {
      process.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(finished, () -> name + " did not finish:\n" + output);
    assertEquals(0, process.exitValue(), () -> name + " failed:\n" + output);
    return output;
  }
}
