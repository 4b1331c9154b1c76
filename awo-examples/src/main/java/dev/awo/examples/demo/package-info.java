/**
 * The embedded default of the example runner: {@link dev.awo.examples.demo.DemoAgentExecutor}, a
 * deterministic stand-in for an AI agent that carries out the default workflow's steps with git,
 * and {@link dev.awo.examples.demo.DemoRepository}, which sets up a small repository with a local
 * bare "remote" for it to work on. Neither needs a network, an API key or anything beyond Java and git.
 */
package dev.awo.examples.demo;
