/**
 * Metrics and traces of work orders through Micrometer: {@link dev.awo.micrometer.MicrometerWorkOrderListener}.
 *
 * <h2>Observations</h2>
 * (each yields a timer of its name and a long task timer {@code <name>.active} through a
 * {@code DefaultMeterObservationHandler}, and a span through a tracing handler)
 * <table>
 *   <caption>Observations</caption>
 *   <tr><th>name</th><th>from / to</th><th>low-cardinality keys (tags)</th><th>high-cardinality keys</th></tr>
 *   <tr><td>{@code awo.work_order}</td><td>first status change (to running) / terminal status</td>
 *       <td>{@code workflow}, {@code sandbox.type}, {@code outcome} (at stop: {@code completed}, {@code failed},
 *       {@code cancelled}, or {@code unknown} when the listener closed first)</td><td>{@code awo.work_order.id}</td></tr>
 *   <tr><td>{@code awo.step}, child of {@code awo.work_order}</td><td>step started / its result saved</td>
 *       <td>{@code workflow}, {@code step}, {@code attempt} ({@code 1}..{@code 9}, {@code 10+}), and at stop
 *       {@code agent} ({@code none} for tool calls and gates, {@code unknown} if unrecorded) and {@code outcome} ({@code succeeded},
 *       {@code failed}, {@code skipped}, {@code cancelled}, {@code unrecorded})</td>
 *       <td>{@code awo.work_order.id}</td></tr>
 * </table>
 * A save that fails after every retry is an event {@code awo.step_history.save.failed} on the work
 * order's observation (a span event in traces). Failed steps and work orders carry an error with a fixed message, never the error text (which may
 * quote the request). The request text, ids, branch names and session ids are never tags.
 *
 * <h2>Meters</h2>
 * Listed in {@link dev.awo.micrometer.AwoMeters}: {@code awo.cost}, {@code awo.tokens},
 * {@code awo.work_orders}, {@code awo.step_history.save}, {@code awo.step_history.save.failures},
 * {@code awo.listener.events.dropped}.
 *
 * <h2>Changing names</h2>
 * Pass a {@link dev.awo.micrometer.WorkOrderObservationConvention} or
 * {@link dev.awo.micrometer.StepObservationConvention} to the builder (usually a subclass of the
 * default one), or register a {@code GlobalObservationConvention} on the registry.
 */
package dev.awo.micrometer;
