/**
 * Live HTTP endpoints over a {@link dev.awo.core.WorkflowOrchestrator}, on the JDK's built-in HTTP
 * server: {@link dev.awo.examples.http.WorkOrderHttpServer} (JSON endpoints, server-sent events,
 * one self-contained HTML page) and {@link dev.awo.examples.http.EventHub}, the listener that fans
 * events out to connected clients without letting a slow one hold up a run. A host copies the
 * routes into its own web framework; the shapes are in {@link dev.awo.examples.json}.
 */
package dev.awo.examples.http;
