/**
 * The JSON shapes the example host speaks, shared by the HTTP endpoints, the server-sent events
 * and the runner's {@code --events jsonl} output: {@link dev.awo.examples.json.WorkOrderJson} for
 * work orders and step histories, {@link dev.awo.examples.json.EventJson} for listener events.
 */
package dev.awo.examples.json;
