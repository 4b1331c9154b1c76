package dev.awo.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.awo.domain.SandboxType;
import dev.awo.domain.WorkOrderId;
import dev.awo.spi.sandbox.RecoveredSandbox;
import dev.awo.spi.sandbox.Sandbox;
import dev.awo.spi.sandbox.SandboxRecovery;
import dev.awo.spi.sandbox.SandboxRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("InMemorySandboxFactory.recover: re-attach, re-create from the pushed branch, or nothing")
class InMemorySandboxRecoveryTest {
  private static final WorkOrderId ID = WorkOrderId.of("wo-0000abcd");
  @TempDir Path base;

  private static SandboxRequest request() {
    return new SandboxRequest(ID, "https://github.com/acme/widgets", SandboxType.GIT_BRANCH);
  }

  @Test
  @DisplayName("a sandbox still there at the recorded head is re-attached; one at another head is not")
  void reattach() throws Exception {
    InMemorySandboxFactory factory = InMemorySandboxFactory.under(base);
    Sandbox sandbox = factory.create(request());
    Files.writeString(sandbox.workingDirectory().resolve("a.txt"), "a");
    String head = sandbox.commitAll("feat: a").orElseThrow();
    RecoveredSandbox found = factory.recover(new SandboxRecovery(request(), null, head, null)).orElseThrow();
    assertEquals(RecoveredSandbox.How.REATTACHED, found.how());
    assertSame(sandbox, found.sandbox());
    assertEquals(Optional.empty(), factory.recover(new SandboxRecovery(request(), null, "ab".repeat(20), null)));
  }

  @Test
  @DisplayName("a lost sandbox whose branch was pushed at the recorded head is re-created on that branch; unpushed work is lost")
  void recreate() throws Exception {
    InMemorySandboxFactory factory = InMemorySandboxFactory.under(base);
    InMemorySandboxFactory.InMemorySandbox sandbox = (InMemorySandboxFactory.InMemorySandbox) factory.create(request());
    sandbox.checkout("feat-a");
    Files.writeString(sandbox.workingDirectory().resolve("a.txt"), "a");
    String head = sandbox.commitAll("feat: a").orElseThrow();
    sandbox.pushBranch("feat-a");
    sandbox.cleanUp();
    assertEquals(Optional.empty(), factory.recover(new SandboxRecovery(request(), null, head, null)),
        "no branch pushed: nothing to re-create from");
    RecoveredSandbox found = factory.recover(new SandboxRecovery(request(), null, head, "feat-a")).orElseThrow();
    assertEquals(RecoveredSandbox.How.RECREATED, found.how());
    assertEquals(head, found.sandbox().headCommit());
    assertEquals(Optional.of("feat-a"), found.sandbox().currentBranch());
    assertTrue(found.sandbox() != sandbox, "a new sandbox");
  }
}
