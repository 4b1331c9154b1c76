package dev.awo.spring.boot.autoconfigure;

import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.WorkOrderId;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * On start, takes up the work orders that were waiting at human gates when the application last
 * stopped ({@link WorkflowOrchestrator#recoverWaiting()}); switched off by {@code
 * awo.recovery.enabled=false}. It starts after the web server ({@link #getPhase()} is late), and the
 * orchestrator itself is closed when the context closes. Thread-safe.
 */
public final class AwoRecovery implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(AwoRecovery.class);

  private final WorkflowOrchestrator orchestrator;
  private volatile boolean running;
  private volatile List<WorkOrderId> recovered = List.of();

  AwoRecovery(WorkflowOrchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  @Override
  public void start() {
    recovered = List.copyOf(orchestrator.recoverWaiting());
    running = true;
    LOG.atInfo().setMessage("awo_recovery_finished").addKeyValue("work_orders_recovered", recovered.size()).log();
  }

  @Override
  public void stop() {
    running = false;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 1024;
  }

  /** The work orders taken up at the last start. */
  public List<WorkOrderId> recovered() {
    return recovered;
  }
}
