/**
 * What a host needs to test its own workflows without a model, git or a clock: {@link
 * dev.awo.testkit.WorkflowTestEnvironment} runs a workflow definition end to end in milliseconds
 * with a {@link dev.awo.testkit.ScriptedAgent}, an {@link dev.awo.testkit.InMemorySandboxFactory},
 * a {@link dev.awo.testkit.VirtualClock} and a {@link dev.awo.testkit.VirtualSleeper}, and records
 * every save and event. The repository contract kits are in {@link dev.awo.testkit.contract}.
 */
package dev.awo.testkit;
