/**
 * The optional REST and server-sent-event endpoints ({@code awo.web.enabled=true}): {@link
 * dev.awo.spring.boot.web.WorkOrderController} under {@code /agent-work-orders}, with the JSON
 * shapes of the example host (reads with ETag and 304), {@link
 * dev.awo.spring.boot.web.RepositoryController} under {@code /github/verify-repository} and {@code
 * /repositories}, and {@link dev.awo.spring.boot.web.SseEventHub} feeding the streams. None of them
 * adds security: protect all three paths in the application's filter chain.
 */
package dev.awo.spring.boot.web;
