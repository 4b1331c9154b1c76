package dev.awo.http;

import dev.awo.domain.InvalidInputException;
import dev.awo.domain.WorkOrderId;

/**
 * Ids taken from a request path. A segment that cannot be an id names nothing that exists, so it is
 * a 404 (not a 400): {@code /agent-work-orders/../etc} is as unknown as {@code wo-00000000}.
 *
 * <pre>{@code
 * WorkOrderId id = PathIds.workOrder(segment);   // ApiProblem 404 for "nonsense"
 * }</pre>
 *
 * <p>This class is stateless and thread-safe.
 */
public final class PathIds {
  private PathIds() {}

  /**
   * The work order id in {@code segment}.
   *
   * @throws ApiProblem 404 when {@code segment} is not a work order id (ids look like {@code wo-1a2b3c4d})
   */
  public static WorkOrderId workOrder(String segment) {
    try {
      return WorkOrderId.of(segment);
    } catch (InvalidInputException | IllegalArgumentException | NullPointerException e) {
      throw ApiProblem.notFound("No work order with id '" + JsonBodies.excerpt(segment)
          + "' exists (ids look like wo-1a2b3c4d)");
    }
  }
}
