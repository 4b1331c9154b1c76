package dev.awo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.FakeSandboxFactory;
import dev.awo.core.fixtures.RecordingHistoryRepository;
import dev.awo.core.fixtures.TickingClock;
import dev.awo.core.memory.InMemoryWorkOrderRepository;
import dev.awo.domain.StepHistory;
import dev.awo.domain.StepResult;
import dev.awo.domain.WorkOrder;
import dev.awo.spi.agent.AgentEvent;
import dev.awo.spi.agent.AgentExecutor;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.spi.agent.AgentRequest;
import dev.awo.spi.event.WorkOrderEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Credentials pasted into a request or printed by the agent are redacted in core")
class RedactionTest {
  private static final String TOKEN = "ghp_abcdefghijklmnopqrstuvwxyz0123";
  private static final String KEY = "sk-ant-api03-AbCdEf012345_-xyz";
  @TempDir Path base;

  /** An agent that echoes the pasted credentials back in its events, output and errors. */
  private static final class LeakyAgent implements AgentExecutor {
    final List<String> prompts = new CopyOnWriteArrayList<>();

    @Override
    public AgentOutcome execute(AgentRequest request, Consumer<AgentEvent> events) {
      prompts.add(request.prompt());
      events.accept(new AgentEvent.AssistantText("m", "using " + KEY));
      events.accept(new AgentEvent.ToolUse("m", "t", "Bash", "{\"command\":\"echo " + KEY + "\"}"));
      events.accept(new AgentEvent.ToolResult("t", KEY, false));
      if (request.step().equals("b")) {
        return AgentOutcome.failed("auth failed for " + KEY, Duration.ZERO);
      }
      return AgentOutcome.succeeded("the key is " + KEY, "s1", Duration.ZERO);
    }
  }

  @Test
  @DisplayName("neither the store, the listeners nor the agent's prompt see the secret; every sink is checked")
  void noSinkSeesTheSecret() {
    RecordingHistoryRepository histories = new RecordingHistoryRepository();
    InMemoryWorkOrderRepository workOrders = new InMemoryWorkOrderRepository();
    List<WorkOrderEvent> events = new CopyOnWriteArrayList<>();
    LeakyAgent agent = new LeakyAgent();
    WorkOrder done;
    try (WorkflowOrchestrator o = WorkflowOrchestrator.builder().agentExecutor(agent)
        .sandboxFactory(new FakeSandboxFactory(base)).stepHistoryRepository(histories).workOrderRepository(workOrders)
        .clock(TickingClock.startingAt2026()).commandTemplates(new dev.awo.core.fixtures.AnyTemplates())
        .workflow(dev.awo.core.workflow.WorkflowDefinition.linear("two", List.of(
            dev.awo.core.workflow.NodeDefinition.agentCall("a", "generic").arguments("$context.task").build(),
            dev.awo.core.workflow.NodeDefinition.agentCall("b", "generic").arguments("$context.task")
                .onFailure(dev.awo.core.workflow.FailureMode.CONTINUE).build())).build())
        .listener(new dev.awo.spi.event.WorkOrderListener() {
          @Override
          public void onEvent(WorkOrderEvent event) {
            events.add(event);
          }
        }).build()) {
      done = o.run(WorkOrderRequest.builder("https://github.com/acme/widgets", "Deploy with token " + TOKEN)
          .workflow("two").build());
    }
    List<String> sinks = new ArrayList<>();
    sinks.add(workOrders.find(done.id()).orElseThrow().toString());
    histories.saved().forEach(h -> sinks.add(describe(h)));
    events.forEach(e -> sinks.add(e.toString()));
    sinks.addAll(agent.prompts);
    assertEquals(1 + 2 + events.size() + 2, sinks.size(), "the row, two saves, every event, two prompts");
    for (String sink : sinks) {
      assertFalse(sink.contains(TOKEN), sink);
      assertFalse(sink.contains(KEY), sink);
    }
    assertTrue(done.userRequest().contains("Deploy with token ***"), done.userRequest());
    StepResult a = histories.saved().get(1).results().get(0);
    assertEquals("the key is ***", a.output());
    assertEquals("b failed: auth failed for ***", histories.saved().get(1).results().get(1).errorMessage());
    assertTrue(events.stream().anyMatch(e -> e instanceof WorkOrderEvent.AgentEventReceived r
        && r.event() instanceof AgentEvent.AssistantText t && t.text().equals("using ***")));
  }

  private static String describe(StepHistory history) {
    StringBuilder b = new StringBuilder();
    history.results().forEach(r -> b.append(r).append('\n'));
    return b.toString();
  }
}
