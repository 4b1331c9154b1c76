package dev.awo.spring.boot.autoconfigure;

import dev.awo.core.RecoveryReport;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.WorkOrderId;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * On start, takes up every work order the application left unfinished when it last stopped or
 * crashed ({@link WorkflowOrchestrator#recover()}: pending ones started, waiting ones parked at
 * their gates, running ones resumed from their last saved step); switched off by {@code
 * awo.recovery.enabled=false}. It starts after the web server ({@link #getPhase()} is late), and the
 * orchestrator itself is closed when the context closes. Thread-safe.
 */
public final class AwoRecovery implements SmartLifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(AwoRecovery.class);

  private final WorkflowOrchestrator orchestrator;
  private volatile boolean running;
  private volatile RecoveryReport report = new RecoveryReport(List.of(), List.of(), List.of(), List.of(), 0, 0);

  AwoRecovery(WorkflowOrchestrator orchestrator) {
    this.orchestrator = orchestrator;
  }

  @Override
  public void start() {
    report = orchestrator.recover();
    running = true;
    LOG.atInfo().setMessage("awo_recovery_finished").addKeyValue("work_orders_recovered", report.all().size())
        .addKeyValue("work_orders_failed", report.failed().size()).log();
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
    return report.all();
  }

  /** What the last start took up, by what became of each, and what it cleaned up. */
  public RecoveryReport report() {
    return report;
  }
}
