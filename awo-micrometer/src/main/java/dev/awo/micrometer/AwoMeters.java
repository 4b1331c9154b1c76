package dev.awo.micrometer;

/**
 * Names and tag keys of the meters {@link MicrometerWorkOrderListener} registers directly on the
 * {@code MeterRegistry}, beside the ones the observation handlers derive from
 * {@link AwoObservationDocumentation} ({@code awo.work_order}, {@code awo.step} and their
 * {@code .active} long task timers).
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th></tr>
 *   <tr><td>{@value #COST}</td><td>counter, base unit {@code usd}</td><td>workflow, step, agent</td></tr>
 *   <tr><td>{@value #TOKENS}</td><td>counter, base unit {@code tokens}</td>
 *       <td>workflow, step, agent, kind ({@code input}, {@code output}, {@code cache_read}, {@code cache_creation})</td></tr>
 *   <tr><td>{@value #WORK_ORDERS}</td><td>gauge</td><td>status ({@code pending}, {@code running}, {@code waiting})</td></tr>
 *   <tr><td>{@value #SAVE}</td><td>timer</td><td>workflow</td></tr>
 *   <tr><td>{@value #SAVE_FAILURES}</td><td>counter</td><td>workflow</td></tr>
 *   <tr><td>{@value #EVENTS_DROPPED}</td><td>function counter</td><td>none</td></tr>
 * </table>
 *
 * <p>This class only holds constants.
 */
public final class AwoMeters {
  /** What the agent calls cost, in US dollars. */
  public static final String COST = "awo.cost";
  /** Tokens the agent calls used, by kind. */
  public static final String TOKENS = "awo.tokens";
  /**
   * Work orders this listener has seen enter each non-terminal status and not yet seen end. A work
   * order queued by {@code submit} is announced by no event until it starts running, so
   * {@code pending} counts only work orders seen returning to pending.
   */
  public static final String WORK_ORDERS = "awo.work_orders";
  /**
   * Step history saves: the time from a step's end (its start plus its duration, on the
   * orchestrator's clock) to the saved event, retries and backoff included.
   */
  public static final String SAVE = "awo.step_history.save";
  /** Step history saves that failed after every retry. */
  public static final String SAVE_FAILURES = "awo.step_history.save.failures";
  /** Events the listener dropped because its queue was full or it was closed. */
  public static final String EVENTS_DROPPED = "awo.listener.events.dropped";

  /** Tag key of {@link #TOKENS}. */
  public static final String KIND = "kind";
  /** Tag key of {@link #WORK_ORDERS}. */
  public static final String STATUS = "status";

  private AwoMeters() {}
}
