package dev.awo.core.bench;

import dev.awo.core.memory.InMemoryStepHistoryRepository;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reads of a history from two threads while a third saves: {@code readersAndWriter} runs both at
 * once; {@code readersAlone} is the same read with nobody writing. Readers never block: their
 * average time stays in nanoseconds whether or not a writer is saving.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReadWhileWritingBenchmark {
  private static final int ROLL_OVER = 50_000;

  private final StepResult result = StepResult.builder("implement", Instant.EPOCH).agentName("implementor")
      .succeeded("done").duration(Duration.ofSeconds(3)).build();
  private final WorkOrderId id = WorkOrderId.of("wo-0000cafe");
  private volatile InMemoryStepHistoryRepository repository;
  private StepHistory history;

  @Setup(Level.Iteration)
  public void start() {
    InMemoryStepHistoryRepository fresh = new InMemoryStepHistoryRepository();
    history = StepHistory.empty(id).append(result);
    fresh.save(history);
    repository = fresh;
  }

  @Benchmark
  @Group("readersAndWriter")
  @GroupThreads(1)
  public StepHistory write() {
    if (history.size() >= ROLL_OVER) {
      start(); // a fresh repository and history keep memory bounded; readers switch over at once
    }
    history = history.append(result);
    repository.save(history);
    return history;
  }

  @Benchmark
  @Group("readersAndWriter")
  @GroupThreads(2)
  public long read() {
    return repository.find(id).orElseThrow().version();
  }

  @Benchmark
  @Group("readersAlone")
  @GroupThreads(2)
  public long readAlone() {
    return repository.find(id).orElseThrow().version();
  }
}
