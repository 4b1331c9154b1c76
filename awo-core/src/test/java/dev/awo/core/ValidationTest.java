package dev.awo.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.core.fixtures.Harness;
import dev.awo.core.template.DirectoryCommandTemplates;
import dev.awo.core.workflow.InvalidWorkflowException;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.domain.InvalidInputException;
import dev.awo.domain.UnknownWorkOrderException;
import dev.awo.domain.WorkOrderId;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Validation of the builder and of submitted work")
class ValidationTest {
  @TempDir Path base;

  @Test
  @DisplayName("building without an agent executor names it and says what to pass")
  void missingAgentExecutor() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> WorkflowOrchestrator.builder().sandboxFactory(new Harness(base).sandboxes).build());
    assertEquals("agentExecutor", e.field());
    assertTrue(e.getMessage().startsWith("Invalid agentExecutor: is required"), e.getMessage());
  }

  @Test
  @DisplayName("building without a sandbox factory names it")
  void missingSandboxFactory() {
    InvalidInputException e = assertThrows(InvalidInputException.class,
        () -> WorkflowOrchestrator.builder().agentExecutor(new Harness(base).agent).build());
    assertEquals("sandboxFactory", e.field());
  }

  @Test
  @DisplayName("builder setters refuse null and non-positive values at once")
  void settersValidate() {
    WorkflowOrchestratorBuilder b = WorkflowOrchestrator.builder();
    assertEquals("clock", assertThrows(InvalidInputException.class, () -> b.clock(null)).field());
    assertEquals("listener", assertThrows(InvalidInputException.class, () -> b.listener(null)).field());
    assertEquals("maxConcurrentWorkOrders",
        assertThrows(InvalidInputException.class, () -> b.maxConcurrentWorkOrders(0)).field());
  }

  @Test
  @DisplayName("a workflow naming a template that does not exist is refused when the orchestrator is built")
  void missingTemplateRefusedAtBuild() throws Exception {
    Path dir = Files.createDirectories(base.resolve("templates"));
    Files.writeString(dir.resolve("only.md"), "only $1");
    Harness h = new Harness(base);
    InvalidWorkflowException e = assertThrows(InvalidWorkflowException.class, () -> h.builder()
        .commandTemplates(DirectoryCommandTemplates.of(dir)).build());
    assertTrue(e.getMessage().contains("no prompt template named 'classifier'"), e.getMessage());
    assertTrue(e.getMessage().contains("planner_bug"), e.getMessage());
  }

  @Test
  @DisplayName("an unknown workflow name is refused at submit, before anything is stored")
  void unknownWorkflow() {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator orchestrator = h.builder().build()) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> orchestrator.submit(
          WorkOrderRequest.builder("https://github.com/acme/widgets", "x").workflow("nightly").build()));
      assertTrue(e.getMessage().contains("unknown workflow 'nightly'; known: default"), e.getMessage());
      assertEquals(0, orchestrator.workOrders().size());
      assertEquals(0, h.sandboxes.created());
    }
  }

  @Test
  @DisplayName("a repository URL the sandbox factory refuses leaves no work order and no sandbox behind")
  void refusedUrlLeavesNothing() {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator orchestrator = h.builder().build()) {
      assertThrows(InvalidInputException.class, () -> orchestrator.submit(
          WorkOrderRequest.builder("--upload-pack=touch /tmp/pwned", "x").build()));
      assertEquals(0, orchestrator.workOrders().size());
      assertEquals(0, h.sandboxes.created());
      assertEquals(0, h.agent.requests().size());
    }
  }

  @Test
  @DisplayName("an issue number without an issue source is refused with a message that says what to configure")
  void issueWithoutSource() {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator orchestrator = h.builder().build()) {
      InvalidInputException e = assertThrows(InvalidInputException.class, () -> orchestrator.submit(
          WorkOrderRequest.builder("https://github.com/acme/widgets", "x").issueNumber(7).build()));
      assertEquals("issueNumber", e.field());
      assertTrue(e.getMessage().contains("IssueSource"));
    }
  }

  @Test
  @DisplayName("request values are checked where they enter: blank request, non-positive issue, bad workflow name")
  void requestValues() {
    assertEquals("userRequest", assertThrows(InvalidInputException.class,
        () -> WorkOrderRequest.builder("https://github.com/acme/widgets", "  ").build()).field());
    assertEquals("issueNumber", assertThrows(InvalidInputException.class,
        () -> WorkOrderRequest.builder("https://github.com/acme/widgets", "x").issueNumber(0).build()).field());
    assertEquals("workflow", assertThrows(InvalidInputException.class,
        () -> WorkOrderRequest.builder("https://github.com/acme/widgets", "x").workflow("../etc").build()).field());
    assertEquals("workOrderId", assertThrows(InvalidInputException.class, () -> WorkOrderId.of("wo-XYZ")).field());
  }

  @Test
  @DisplayName("asking for the history of an unknown work order is a clear error")
  void unknownWorkOrder() {
    Harness h = new Harness(base);
    try (WorkflowOrchestrator orchestrator = h.builder().build()) {
      UnknownWorkOrderException e = assertThrows(UnknownWorkOrderException.class,
          () -> orchestrator.stepHistory(WorkOrderId.of("wo-0badf00d")));
      assertTrue(e.getMessage().contains("wo-0badf00d"));
    }
  }

  @Test
  @DisplayName("a custom linear workflow runs by name through the same engine")
  void customWorkflowByName() {
    Harness h = new Harness(base);
    WorkflowDefinition quick = WorkflowDefinition.linear("quick", java.util.List.of(
        NodeDefinition.agentCall("classify", "classifier").arguments("$context.task")
            .expects(dev.awo.core.workflow.OutputKind.CLASSIFICATION).build(),
        NodeDefinition.agentCall("implement", "implementor").arguments("$classify.kind").build())).build();
    try (WorkflowOrchestrator orchestrator = h.builder().workflow(quick).build()) {
      var done = orchestrator.run(WorkOrderRequest.builder("https://github.com/acme/widgets", "x").workflow("quick").build());
      assertEquals(dev.awo.domain.WorkOrderStatus.COMPLETED, done.status());
      assertEquals(2, orchestrator.stepHistory(done.id()).version());
      assertTrue(h.agent.requests().get(1).prompt().contains("Read the plan at `feature`"),
          "the binding $classify.kind reached the implementor's prompt");
    }
  }
}
