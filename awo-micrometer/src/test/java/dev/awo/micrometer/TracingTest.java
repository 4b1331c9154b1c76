package dev.awo.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.fixtures.Harness;
import dev.awo.domain.WorkOrder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.test.simple.SimpleSpan;
import io.micrometer.tracing.test.simple.SimpleTracer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Traces through a real tracing handler")
class TracingTest {
  @TempDir Path base;

  @Test
  @DisplayName("a run is one trace: a work order span with one child span per step, ids as attributes, no request text")
  void oneTracePerWorkOrder() {
    SimpleTracer tracer = new SimpleTracer();
    ObservationRegistry registry = ObservationRegistry.create();
    registry.observationConfig().observationHandler(new DefaultTracingObservationHandler(tracer));
    Harness h = new Harness(base);
    WorkOrder done;
    try (MicrometerWorkOrderListener listener =
        MicrometerWorkOrderListener.builder(registry, new SimpleMeterRegistry()).build()) {
      try (WorkflowOrchestrator orchestrator = h.builder().listener(listener).build()) {
        done = orchestrator.run(Harness.request());
      }
      assertTrue(listener.awaitRecorded(Duration.ofSeconds(10)));
    }

    List<SimpleSpan> spans = List.copyOf(tracer.getSpans());
    SimpleSpan root = spans.stream().filter(s -> s.getName().equals("work_order default")).findFirst().orElseThrow();
    List<SimpleSpan> steps = spans.stream().filter(s -> s != root).toList();
    assertEquals(7, steps.size());
    for (SimpleSpan step : steps) {
      assertEquals(root.getSpanId(), step.getParentId(), step.getName() + " is a child of the work order span");
      assertEquals(root.getTraceId(), step.getTraceId());
      assertNotNull(step.getEndTimestamp());
      assertEquals(done.id().value(), step.getTags().get("awo.work_order.id"));
    }
    assertEquals("completed", root.getTags().get("outcome"));
    assertEquals(done.id().value(), root.getTags().get("awo.work_order.id"));
    assertEquals(List.of("classify", "plan", "find_plan", "generate_branch", "implement", "commit", "create_pr"),
        steps.stream().map(SimpleSpan::getName).toList());
    spans.forEach(span -> span.getTags().values().forEach(v -> assertFalse(v.contains("verbose"), span.getName())));
  }
}
