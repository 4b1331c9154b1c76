package dev.awo.claude.bench;

import dev.awo.claude.ClaudeCodeConfig;
import dev.awo.claude.ClaudeCodeExecutor;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.spi.agent.AgentRequest;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures {@link ClaudeCodeExecutor} end to end through the real {@code ProcessRunner}, with
 * {@link StreamGenerator} standing in for the CLI (the real CLI cannot print on command). Not a JMH
 * benchmark: each run takes seconds and involves a child process.
 *
 * <pre>
 * java -cp ... dev.awo.claude.bench.StreamHarness latency 1000 5
 *     latency from the line being printed to the listener receiving its event: p50, p99, max
 * java -Xmx128m -cp ... dev.awo.claude.bench.StreamHarness volume 1073741824
 *     streams 1 GiB through the executor: throughput and the most heap used (sampled every 5 ms,
 *     and after GC), to show memory stays bounded whatever the transcript size
 * </pre>
 */
public final class StreamHarness {
  private static final WorkOrderId ID = WorkOrderId.of("wo-00be0c00");

  private StreamHarness() {}

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "latency";
    if (mode.equals("latency")) {
      latency(args.length > 1 ? Integer.parseInt(args[1]) : 1000, args.length > 2 ? Long.parseLong(args[2]) : 5);
    } else {
      volume(args.length > 1 ? Long.parseLong(args[1]) : 1L << 30);
    }
  }

  private static void latency(int count, long intervalMillis) throws Exception {
    long[] micros = new long[count];
    AtomicLong received = new AtomicLong();
    AgentOutcome outcome = run("latency " + count + " " + intervalMillis, event -> {
      if (event instanceof AgentEvent.AssistantText text && text.text().startsWith("ts=")) {
        Instant now = Instant.now();
        long nowMicros = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        int i = (int) received.getAndIncrement();
        if (i < micros.length) {
          micros[i] = nowMicros - Long.parseLong(text.text().substring(3));
        }
      }
    });
    int n = (int) Math.min(received.get(), count);
    long[] sorted = Arrays.copyOf(micros, n);
    Arrays.sort(sorted);
    System.out.printf("latency: outcome=%s events=%d p50=%.3f ms p90=%.3f ms p99=%.3f ms max=%.3f ms%n",
        outcome.success(), n, pct(sorted, 50), pct(sorted, 90), pct(sorted, 99), sorted[n - 1] / 1000.0);
  }

  private static void volume(long bytes) throws Exception {
    Runtime runtime = Runtime.getRuntime();
    System.gc();
    long baseline = runtime.totalMemory() - runtime.freeMemory();
    AtomicLong maxUsed = new AtomicLong();
    AtomicLong events = new AtomicLong();
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        maxUsed.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.setDaemon(true);
    sampler.start();
    long start = System.nanoTime();
    AgentOutcome outcome = run("volume " + bytes, event -> events.incrementAndGet());
    double seconds = (System.nanoTime() - start) / 1e9;
    sampler.interrupt();
    long afterGc = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        afterGc += pool.getCollectionUsage().getUsed();
      }
    }
    System.out.printf("volume: outcome=%s bytes=%d events=%d time=%.1f s throughput=%.1f MB/s "
            + "heap: baseline=%.1f MiB maxUsed=%.1f MiB usedAfterLastGc=%.1f MiB max=%.0f MiB%n",
        outcome.success(), bytes, events.get(), seconds, bytes / 1e6 / seconds, baseline / 1048576.0,
        maxUsed.get() / 1048576.0, afterGc / 1048576.0, runtime.maxMemory() / 1048576.0);
  }

  private static AgentOutcome run(String generatorArgs, java.util.function.Consumer<AgentEvent> listener)
      throws Exception {
    Path dir = Files.createTempDirectory("awo-claude-bench");
    Path script = dir.resolve("claude");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(script, "#!/bin/sh\nexec '" + java + "' -XX:+UseSerialGC -cp '"
        + absoluteClassPath() + "' " + StreamGenerator.class.getName() + " \"$@\" "
        + generatorArgs + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    ClaudeCodeExecutor executor = new ClaudeCodeExecutor(
        ClaudeCodeConfig.builder().cliPath(script).timeout(Duration.ofMinutes(20)).build());
    try {
      return executor.execute(AgentRequest.of(ID, "bench", "benchmark", dir), listener);
    } finally {
      Files.deleteIfExists(script);
      Files.deleteIfExists(dir);
    }
  }

  private static String absoluteClassPath() {
    StringBuilder cp = new StringBuilder();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      cp.append(cp.length() == 0 ? "" : java.io.File.pathSeparator).append(Path.of(entry).toAbsolutePath());
    }
    return cp.toString();
  }

  private static double pct(long[] sorted, int percentile) {
    int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, index)] / 1000.0;
  }
}
