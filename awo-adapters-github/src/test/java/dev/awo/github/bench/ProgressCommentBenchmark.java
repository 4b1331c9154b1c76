package dev.awo.github.bench;

import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.domain.WorkOrderId;
import dev.awo.domain.WorkOrderStatus;
import dev.awo.github.GitHubRepositoryRef;
import dev.awo.github.internal.ProgressRenderer;
import dev.awo.github.internal.ProgressState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * What the in-process parts of the gh adapter cost: parsing a repository reference, and rendering a
 * progress comment for a finished seven-step run (done once per coalesced update on the listener's
 * thread). The gh calls themselves take ~100-150 ms each and are not benchmarked here.
 *
 * <p>Run: {@code bench/run.sh awo-adapters-github ProgressCommentBenchmark -f1 -wi 2 -i 3}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ProgressCommentBenchmark {
  private static final List<String> STEPS =
      List.of("classify", "plan", "find_plan", "generate_branch", "implement", "commit", "create_pr");

  private final ProgressRenderer renderer = new ProgressRenderer(STEPS);
  private final ProgressState finished = finishedRun();

  @Benchmark
  public GitHubRepositoryRef parseHttpsUrl() {
    return GitHubRepositoryRef.parse("https://github.com/acme/widgets.js.git");
  }

  @Benchmark
  public GitHubRepositoryRef parseScpUrl() {
    return GitHubRepositoryRef.parse("git@github.com:acme/widgets.git");
  }

  @Benchmark
  public String renderFinishedRun() {
    return renderer.render(finished);
  }

  private static ProgressState finishedRun() {
    WorkOrderId id = WorkOrderId.of("wo-1a2b3c4d");
    Instant t = Instant.parse("2025-01-01T00:00:00Z");
    StepHistory history = StepHistory.empty(id);
    for (String step : STEPS) {
      history = history.append(StepResult.builder(step, t).succeeded("ok").duration(Duration.ofMillis(12_345))
          .costUsd(new BigDecimal("0.0123")).build());
    }
    WorkOrder order = WorkOrder.builder(id, "acme/widgets", "x").issueNumber(7).createdAt(t).build().toBuilder()
        .status(WorkOrderStatus.COMPLETED).prUrl("https://github.com/acme/widgets/pull/100").build();
    return new ProgressState(id, order, history, null);
  }
}
