package dev.awo.spring.boot.autoconfigure;

import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.WorkOrderStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * awo's health ({@code /actuator/health/awo}): the agent CLI is present (and its version), gh is
 * present and authenticated (when GitHub is enabled), and the store answers. Any of them failing
 * makes it DOWN, with the reason in the details ({@code claude.error}, {@code gh.error}, {@code
 * store.error}). Program checks are cached for a minute. Thread-safe.
 */
public final class AwoHealthIndicator implements HealthIndicator {
  private final WorkflowOrchestrator orchestrator;
  private final ProgramProbe claudeVersion;
  private final ProgramProbe ghVersion;
  private final ProgramProbe ghAuth;

  /**
   * @param claudeVersion {@code claude --version}, or null when the agent is not the Claude Code CLI
   * @param ghVersion {@code gh --version}, or null when GitHub is not wired in
   * @param ghAuth {@code gh auth status}, or null when GitHub is not wired in
   */
  AwoHealthIndicator(WorkflowOrchestrator orchestrator, ProgramProbe claudeVersion, ProgramProbe ghVersion,
      ProgramProbe ghAuth) {
    this.orchestrator = orchestrator;
    this.claudeVersion = claudeVersion;
    this.ghVersion = ghVersion;
    this.ghAuth = ghAuth;
  }

  @Override
  public Health health() {
    boolean up = true;
    Health.Builder health = Health.unknown();
    if (claudeVersion != null) {
      ProgramProbe.Answer version = claudeVersion.answer();
      up &= version.ok();
      health.withDetail("claude", version.ok() ? Map.of("present", true, "version", version.detail())
          : Map.of("present", false, "error", version.detail()));
    }
    if (ghVersion != null) {
      ProgramProbe.Answer version = ghVersion.answer();
      Map<String, Object> gh = new LinkedHashMap<>();
      gh.put("present", version.ok());
      if (version.ok()) {
        gh.put("version", version.detail());
        ProgramProbe.Answer auth = ghAuth.answer();
        gh.put("authenticated", auth.ok());
        if (!auth.ok()) {
          gh.put("error", "gh is not authenticated: set GH_TOKEN (see awo.github.token-variables) or run "
              + "'gh auth login'");
        }
        up &= auth.ok();
      } else {
        gh.put("error", version.detail());
        up = false;
      }
      health.withDetail("gh", gh);
    }
    try {
      int active = orchestrator.workOrders(WorkOrderStatus.RUNNING).size();
      health.withDetail("store", Map.of("reachable", true, "running_work_orders", active));
    } catch (RuntimeException e) {
      up = false;
      health.withDetail("store", Map.of("reachable", false, "error", String.valueOf(e.getMessage())));
    }
    return (up ? health.up() : health.down()).build();
  }
}
