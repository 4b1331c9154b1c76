/**
 * The optional REST and server-sent-event endpoints ({@code awo.web.enabled=true}): {@link
 * dev.awo.spring.boot.web.WorkOrderController} under {@code /agent-work-orders}, with the JSON
 * shapes of the example host, and {@link dev.awo.spring.boot.web.SseEventHub} feeding the streams.
 */
package dev.awo.spring.boot.web;
