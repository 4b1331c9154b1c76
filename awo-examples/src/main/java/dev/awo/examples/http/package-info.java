/**
 * Live HTTP endpoints over a {@link dev.awo.core.WorkflowOrchestrator}, on Jetty 12's core server:
 * {@link dev.awo.examples.http.WorkOrderHttpServer} (JSON endpoints, server-sent events, one
 * self-contained HTML page, reachable only by the operator — {@link dev.awo.examples.http.AccessToken},
 * Host, Origin and Content-Type checks — and bounded in time and size),
 * {@link dev.awo.examples.http.RepositoryCheck}, the hook that refuses unusable repositories before
 * anything is stored, and {@link dev.awo.examples.http.EventHub}, the listener that fans events out
 * to connected clients without letting a slow one hold up a run. The routes are Jetty bindings of
 * awo-http ({@code dev.awo.http}): the JSON shapes, ETags, the log buffer and stream, request parsing
 * and the configured-repository flow live there, shared with the Spring Boot starter.
 */
package dev.awo.examples.http;
