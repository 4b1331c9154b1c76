package dev.awo.spi.process;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A JVM that starts a long-running process through the {@link ProcessRunner} (it writes its pid to
 * {@code args[0]}), then dies without stopping it, as a crashed host would.
 */
public final class DeadOwnerMain {
  private DeadOwnerMain() {}

  public static void main(String[] args) throws Exception {
    Path pidFile = Path.of(args[0]);
    Thread runner = new Thread(() -> ProcessRunner.create().run(ProcessSpec.builder("/bin/sh", "-c",
        "echo $$ > '" + pidFile + ".tmp' && mv '" + pidFile + ".tmp' '" + pidFile + "' && exec sleep 300")
        .timeout(Duration.ofMinutes(10)).build()));
    runner.setDaemon(true);
    runner.start();
    for (int i = 0; i < 500 && !Files.exists(pidFile); i++) {
      Thread.sleep(20);
    }
    Runtime.getRuntime().halt(Files.exists(pidFile) ? 0 : 3);
  }
}
