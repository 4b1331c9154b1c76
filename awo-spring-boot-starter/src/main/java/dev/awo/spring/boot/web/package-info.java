/**
 * The optional REST and server-sent-event endpoints ({@code awo.web.enabled=true}): {@link
 * dev.awo.spring.boot.web.WorkOrderController} under {@code /agent-work-orders}, with the JSON
 * shapes of the example host (reads with ETag and 304), {@link
 * dev.awo.spring.boot.web.RepositoryController} under {@code /github/verify-repository}, {@code
 * /repositories} and {@code /workflows}, and {@link dev.awo.spring.boot.web.SseEventHub} feeding the
 * streams. The shapes, tags, log buffer and stream and request parsing are awo-http's ({@code
 * dev.awo.http}), the same code as the example host's. None of them adds security: protect these
 * paths in the application's filter chain.
 */
package dev.awo.spring.boot.web;
