package dev.awo.core.bench;

import dev.awo.core.memory.InMemoryStepHistoryRepository;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Per-save cost at histories of 10, 1,000 and 10,000 results: append one result to the snapshot
 * and save it through the in-memory repository, as the orchestrator does after each step. Each
 * measured batch of 1,000 saves starts again from a history of the given length, so the cost is
 * measured at that length. {@code copyingSave} is the cost this design avoids: a snapshot made by
 * copying every earlier result (what a rewrite-everything store pays). Target: at 10,000 within 2x
 * of at 10.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 100, batchSize = 1000)
@Measurement(iterations = 300, batchSize = 1000)
@Fork(1)
public class SaveCostBenchmark {
  @Param({"10", "1000", "10000"})
  public int historyLength;

  private final WorkOrderId id = WorkOrderId.of("wo-0000bead");
  private final StepResult result = StepResult.builder("implement", Instant.EPOCH).agentName("implementor")
      .succeeded("done").duration(Duration.ofSeconds(3)).build();
  private InMemoryStepHistoryRepository repository;
  private StepHistory history;
  private List<StepResult> copied;

  @Setup(Level.Iteration)
  public void freshHistory() {
    repository = new InMemoryStepHistoryRepository();
    StepHistory h = StepHistory.empty(id);
    copied = new ArrayList<>();
    for (int i = 0; i < historyLength; i++) {
      h = h.append(result);
      copied.add(result);
    }
    history = h;
    repository.save(history);
  }

  @Benchmark
  public StepHistory appendAndSave() {
    history = history.append(result);
    repository.save(history);
    return history;
  }

  @Benchmark
  public List<StepResult> copyingSave() {
    copied.add(result);
    List<StepResult> snapshot = List.copyOf(copied);
    return snapshot;
  }
}
