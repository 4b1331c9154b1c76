package dev.awo.micrometer.bench;

import dev.awo.domain.WorkOrderStatus;
import dev.awo.micrometer.EventScript;
import dev.awo.micrometer.internal.FailureLog;
import dev.awo.micrometer.internal.MeterRecorder;
import dev.awo.micrometer.internal.TagValueLimiter;
import dev.awo.micrometer.internal.WorkOrderTracker;
import dev.awo.spi.event.WorkOrderEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the recording thread spends per step, without any thread hand-off: a 100-step work order's
 * events (status changes, step started, step saved) handled by the tracker that turns them into
 * observations (with a {@code DefaultMeterObservationHandler}), cost, token and save meters. This
 * is the work {@code MicrometerListenerOverheadBenchmark.recorded} adds, measured on one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class RecordingCostBenchmark {
  static final int STEPS = 100;

  private WorkOrderTracker tracker;
  private List<WorkOrderEvent> events;

  @Setup
  public void setUp() {
    MeterRegistry meters = new SimpleMeterRegistry();
    ObservationRegistry observations = ObservationRegistry.create();
    observations.observationConfig().observationHandler(new DefaultMeterObservationHandler(meters));
    FailureLog failures = new FailureLog(Duration.ofMinutes(1), System::nanoTime);
    tracker = new WorkOrderTracker(observations, null, null, new MeterRecorder(meters, failures),
        new TagValueLimiter(100), failures, 10_000);
    String[] steps = new String[STEPS];
    for (int i = 0; i < STEPS; i++) {
      steps[i] = "step_" + i;
    }
    events = EventScript.run(EventScript.id(1), WorkOrderStatus.COMPLETED, steps).events();
  }

  @Benchmark
  @OperationsPerInvocation(STEPS)
  public int stepOfAHundredStepRun() {
    for (WorkOrderEvent event : events) {
      tracker.handle(event);
    }
    return tracker.trackedWorkOrders();
  }
}
