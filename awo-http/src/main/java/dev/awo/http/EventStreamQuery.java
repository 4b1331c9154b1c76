package dev.awo.http;

import dev.awo.domain.WorkOrder;

/**
 * The query of {@code GET /agent-work-orders/{id}/events}: {@code ?follow_up=true} keeps the stream
 * of a work order that has already ended open for the follow-up prompt the client is about to send
 * ({@code POST .../prompt}), and ends it after that prompt's result is saved ({@code
 * step_history_saved}). Without it (or with {@code false}) the stream of an ended work order ends
 * right after its snapshot, and the stream of an active one ends with the work order's terminal
 * {@code status_changed}, as before.
 *
 * <p>Immutable and thread-safe.
 *
 * @param followUp whether the client watches a follow-up prompt of an ended work order
 */
public record EventStreamQuery(boolean followUp) {
  /**
   * Reads the {@code follow_up} parameter.
   *
   * @param followUp the parameter's value, or null when absent
   * @throws ApiProblem 400 naming {@code follow_up} for anything but {@code true} or {@code false}
   */
  public static EventStreamQuery parse(String followUp) {
    if (followUp == null || followUp.equals("false")) {
      return new EventStreamQuery(false);
    }
    if (followUp.equals("true")) {
      return new EventStreamQuery(true);
    }
    throw ApiProblem.badRequest("follow_up", "follow_up must be true or false, got '"
        + JsonBodies.excerpt(followUp) + "'");
  }

  /** Whether the stream stays open after the snapshot of {@code atSnapshot} (the state it showed). */
  public boolean staysOpen(WorkOrder atSnapshot) {
    return !atSnapshot.status().isTerminal() || followUp;
  }

  /**
   * Whether the stream of {@code atSnapshot} (the state its snapshot showed) also ends after the
   * next {@code step_history_saved}: for a follow-up of a work order that had ended.
   */
  public boolean endsAfterSave(WorkOrder atSnapshot) {
    return followUp && atSnapshot.status().isTerminal();
  }

  /**
   * Whether a stream ends after the event named {@code eventName}: after the work order's terminal
   * status always ({@code endsWorkOrder}, {@link EventJson#endsWorkOrder}), and after a {@code
   * step_history_saved} when {@code endsAfterSave} ({@link #endsAfterSave}).
   */
  public static boolean endsStream(boolean endsAfterSave, String eventName, boolean endsWorkOrder) {
    return endsWorkOrder || endsAfterSave && eventName.equals("step_history_saved");
  }
}
