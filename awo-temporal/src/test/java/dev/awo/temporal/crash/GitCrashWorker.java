package dev.awo.temporal.crash;

import dev.awo.core.WorkflowOrchestrator;
import dev.awo.core.WorkflowOrchestratorBuilder;
import dev.awo.core.fixtures.AnyTemplates;
import dev.awo.core.workflow.DefaultWorkflow;
import dev.awo.core.workflow.NodeDefinition;
import dev.awo.core.workflow.RetryPolicy;
import dev.awo.core.workflow.WorkflowDefinition;
import dev.awo.git.GitSandboxFactory;
import dev.awo.store.jdbc.JdbcStepHistoryRepository;
import dev.awo.store.jdbc.JdbcWorkOrderRepository;
import dev.awo.temporal.AwoWorkers;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Path;
import java.util.Set;
import org.h2.jdbcx.JdbcDataSource;

/**
 * An activity worker JVM for the git crash tests: awo's activities on a Temporal server at {@code
 * 127.0.0.1:<port>}, repositories in a shared H2 TCP database, real git sandboxes under {@code
 * <sandboxes>} ({@link GitSandboxFactory}) and the {@link GitStepAgent}, whose steps {@code
 * implement}, {@code left} and {@code right} hang on their first attempt. Prints {@code ready} once
 * polling, then runs until killed.
 *
 * <p>{@code java -cp <test classpath> dev.awo.temporal.crash.GitCrashWorker <port> <jdbc url> <sandboxes> <markers>}
 */
public final class GitCrashWorker {
  /** write → implement → finish → publish: nothing pushed before {@code publish}. */
  static final String UNPUSHED = "unpushed";
  /** write → share (pushed) → implement → finish → publish. */
  static final String PUSHED = "pushed";
  /** write → (left ∥ right) → finish, {@code left} and {@code right} with one attempt each. */
  static final String PARALLEL = "parallel";

  private GitCrashWorker() {}

  private static NodeDefinition step(String id, RetryPolicy retry) {
    return NodeDefinition.agentCall(id, "generic").arguments("$context.task").retry(retry).build();
  }

  private static NodeDefinition push(String id) {
    return NodeDefinition.toolCall(id, "push_branch").input("branch", GitStepAgent.BRANCH).build();
  }

  static WorkflowDefinition unpushed() {
    return WorkflowDefinition.builder(UNPUSHED).node(step("write", RetryPolicy.NONE))
        .node(step("implement", DefaultWorkflow.AFTER_A_CRASH)).node(step("finish", RetryPolicy.NONE)).node(push("publish"))
        .edge("write", "implement").edge("implement", "finish").edge("finish", "publish").build();
  }

  static WorkflowDefinition pushed() {
    return WorkflowDefinition.builder(PUSHED).node(step("write", RetryPolicy.NONE)).node(push("share"))
        .node(step("implement", DefaultWorkflow.AFTER_A_CRASH)).node(step("finish", RetryPolicy.NONE)).node(push("publish"))
        .edge("write", "share").edge("share", "implement").edge("implement", "finish").edge("finish", "publish").build();
  }

  static WorkflowDefinition parallel() {
    return WorkflowDefinition.builder(PARALLEL).node(step("write", RetryPolicy.NONE))
        .node(step("left", RetryPolicy.NONE)).node(step("right", RetryPolicy.NONE)).node(step("finish", RetryPolicy.NONE))
        .edge("write", "left").edge("write", "right").edge("left", "finish").edge("right", "finish").build();
  }

  /** The ports of every process of a git crash test: the H2 repositories, git sandboxes under {@code sandboxes}, the agent. */
  static WorkflowOrchestratorBuilder ports(String jdbcUrl, Path sandboxes, Path markers) {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(jdbcUrl);
    return WorkflowOrchestrator.builder()
        .stepHistoryRepository(new JdbcStepHistoryRepository(ds))
        .workOrderRepository(new JdbcWorkOrderRepository(ds))
        .sandboxFactory(GitSandboxFactory.builder().baseDirectory(sandboxes).warmWorktrees(0).build())
        .commandTemplates(new AnyTemplates())
        .workflow(unpushed()).workflow(pushed()).workflow(parallel())
        .agentExecutor(new GitStepAgent(markers, Set.of("implement", "left", "right")));
  }

  public static void main(String[] args) throws Exception {
    WorkerFactory factory = WorkerFactory.newInstance(CrashWorker.client(Integer.parseInt(args[0])));
    AwoWorkers.register(factory, ports(args[1], Path.of(args[2]), Path.of(args[3])), CrashWorker.OPTIONS,
        WorkerOptions.newBuilder().setDefaultDeadlockDetectionTimeout(30_000).build(), AwoWorkers.Role.ACTIVITIES);
    factory.start();
    System.out.println("ready");
    System.out.flush();
    Thread.currentThread().join();
  }
}
