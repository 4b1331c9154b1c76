package dev.awo.claude.bench;

import dev.awo.claude.StreamJsonParser;
import dev.awo.spi.agent.AgentEvent;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Throughput of reading a synthetic 32 MiB transcript line by line (UTF-8 decoding included) and
 * parsing every line into events. One operation is one pass over the transcript, so
 * MB/s = 33.55 / (seconds per op).
 *
 * <pre>
 * java -cp ... org.openjdk.jmh.Main StreamJsonParserBenchmark -f1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class StreamJsonParserBenchmark {
  static final int TRANSCRIPT_BYTES = 32 * 1024 * 1024;

  private final StreamJsonParser parser = new StreamJsonParser();
  private byte[] transcript;

  @Setup
  public void buildTranscript() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(TRANSCRIPT_BYTES + 8192);
    byte[][] lines = StreamGenerator.syntheticLines();
    out.write((StreamGenerator.INIT + "\n").getBytes(StandardCharsets.UTF_8));
    for (int i = 0; out.size() < TRANSCRIPT_BYTES; i++) {
      out.write(lines[i % lines.length]);
    }
    out.write((StreamGenerator.RESULT + "\n").getBytes(StandardCharsets.UTF_8));
    transcript = out.toByteArray();
  }

  @Benchmark
  public long readAndParse(Blackhole hole) throws IOException {
    long events = 0;
    try (BufferedReader reader = new BufferedReader(
        new InputStreamReader(new ByteArrayInputStream(transcript), StandardCharsets.UTF_8), 8192)) {
      String line;
      while ((line = reader.readLine()) != null) {
        for (AgentEvent event : parser.parse(line)) {
          hole.consume(event);
          events++;
        }
      }
    }
    return events;
  }
}
