import dev.awo.claude.ClaudeCodeConfig;
import dev.awo.claude.ClaudeCodeExecutor;
import dev.awo.core.WorkOrderRequest;
import dev.awo.core.WorkflowOrchestrator;
import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrderId;
import dev.awo.git.GitSandboxFactory;
import dev.awo.github.GhCli;
import dev.awo.spi.event.WorkOrderEvent;
import dev.awo.spi.event.WorkOrderListener;
import dev.awo.spi.persistence.StepHistoryRepository;
import dev.awo.spi.persistence.WorkOrderRepository;
import java.nio.file.Path;

/** The README's embedding snippet, compiled (not run: it would start Claude Code on a real repository). */
class ReadmeEmbeddingSnippet {
  static StepHistory embed(GhCli gh, StepHistoryRepository myStepHistories, WorkOrderRepository myWorkOrders) {
// README: embedding
    return soFar;
  }
}
