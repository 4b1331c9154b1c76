package dev.awo.examples.bench;

import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrderId;
import dev.awo.examples.jdbc.JdbcStepHistoryRepository;
import dev.awo.examples.jdbc.SimpleConnectionPool;
import dev.awo.spi.testkit.TestValues;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What saves cost as a work order's history grows, when it already holds 7, 700 or 7000 results
 * (embedded H2). Each measured batch is {@value #BATCH} consecutive saves of one work order, as a
 * run makes them (version n+1, n+2, ...), after its first n results were stored in the unmeasured
 * setup. The JDBC store appends only the new result, so the three should be about equal.
 *
 * <pre>bench/run.sh awo-examples JdbcSaveBenchmark</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, batchSize = JdbcSaveBenchmark.BATCH)
@Measurement(iterations = 30, batchSize = JdbcSaveBenchmark.BATCH)
public class JdbcSaveBenchmark {
  static final int BATCH = 200;

  @Param({"7", "700", "7000"})
  public int stored;

  private SimpleConnectionPool pool;
  private JdbcStepHistoryRepository repository;
  private List<StepResult> tail;
  private StepHistory history;
  private int next;

  @Setup(Level.Trial)
  public void open() {
    pool = SimpleConnectionPool.open("jdbc:h2:mem:bench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", 4);
    repository = new JdbcStepHistoryRepository(pool);
    tail = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      tail.add(TestValues.result(stored + i));
    }
  }

  @Setup(Level.Iteration)
  public void storeHistory() {
    history = TestValues.history(WorkOrderId.random(), stored);
    repository.save(history);
    next = 0;
  }

  @Benchmark
  public StepHistory saveNextVersion() {
    history = history.append(tail.get(next++));
    repository.save(history);
    return history;
  }

  @TearDown(Level.Trial)
  public void close() {
    pool.close();
  }
}
