package dev.awo.core.bench;

import dev.awo.domain.DiffStats;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.agent.AgentExecutor;
import dev.awo.spi.agent.AgentOutcome;
import dev.awo.spi.sandbox.Sandbox;
import dev.awo.spi.sandbox.SandboxFactory;
import dev.awo.spi.template.CommandTemplate;
import dev.awo.spi.template.CommandTemplates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Ports that do nothing, so a benchmark measures the orchestrator alone. */
final class NoOpPorts {
  private NoOpPorts() {}

  static final AgentExecutor AGENT = (request, events) -> AgentOutcome.succeeded("ok", null, Duration.ZERO);

  static final CommandTemplates TEMPLATES = new CommandTemplates() {
    private final CommandTemplate template = new CommandTemplate("noop", "do $1");

    @Override
    public CommandTemplate load(String name) {
      return template;
    }

    @Override
    public boolean contains(String name) {
      return true;
    }
  };

  static final SandboxFactory SANDBOXES = request -> new Sandbox() {
    private final Path dir = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();

    @Override public WorkOrderId workOrderId() { return request.workOrderId(); }
    @Override public Path workingDirectory() { return dir; }
    @Override public String baseCommit() { return "0"; }
    @Override public Optional<String> currentBranch() { return Optional.of("main"); }
    @Override public String headCommit() { return "0"; }
    @Override public DiffStats diffStats() { return DiffStats.NONE; }
    @Override public Optional<String> commitAll(String message) { return Optional.empty(); }
    @Override public void pushBranch(String branch) {}
    @Override public void cleanUp() {}
  };
}
