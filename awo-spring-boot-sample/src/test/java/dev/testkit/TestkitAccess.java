package dev.awo.testkit;

/** Test-only bridge: links a {@link ScriptedAgent} to its sandboxes as {@link WorkflowTestEnvironment} does. */
public final class TestkitAccess {
  private TestkitAccess() {}

  public static ScriptedAgent linked(ScriptedAgent agent, InMemorySandboxFactory sandboxes) {
    agent.useSandboxes(sandboxes);
    return agent;
  }
}
