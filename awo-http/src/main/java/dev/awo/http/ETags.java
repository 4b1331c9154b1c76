package dev.awo.http;

import dev.awo.domain.StepHistory;
import dev.awo.domain.WorkOrder;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Entity tags for cheap polling, derived from what the store versions — a work order's last change
 * ({@code updatedAt} and the fields a save changes) and its step history's version — never from
 * hashing a body, so a
 * poller's unchanged answer costs no serialisation. {@link #matches} compares as RFC 9110's
 * {@code If-None-Match} does (weak comparison, a list of tags, {@code *}). Every host derives its
 * tags here, so a client polling any of them sees the same tags for the same state.
 *
 * <pre>{@code
 * String tag = ETags.steps(history);
 * if (ETags.matches(request.getHeader("If-None-Match"), tag)) { ... answer 304 ... }
 * }</pre>
 *
 * <p>This class is stateless and thread-safe.
 */
public final class ETags {
  /** The {@code Cache-Control} of every tagged answer: a browser may keep it but must ask again. */
  public static final String CACHE_CONTROL = "private, no-cache";

  private ETags() {}

  // A tag names a version of one resource (RFC 9110 8.8.3), so it need not repeat the work order's id.

  /** One work order: changes with every save of the work order and of its history. */
  public static String workOrder(WorkOrder order, StepHistory history) {
    return quoted(stamp(order) + "." + history.version());
  }

  /** The step history: changes with its version. */
  public static String steps(StepHistory history) {
    return quoted("s" + history.version());
  }

  /** Git progress: the work order's tag plus the sandbox's git state ({@code gitState}, e.g. head and dirt). */
  public static String gitProgress(WorkOrder order, StepHistory history, String gitState) {
    return quoted("g" + stamp(order) + "." + history.version() + "." + gitState);
  }

  /** A list of work orders: changes when one is added, removed or saved. */
  public static String list(List<WorkOrder> orders, String filter) {
    long fold = 17;
    for (WorkOrder order : orders) {
      fold = fold * 31 + order.id().value().hashCode();
      fold = fold * 31 + Long.hashCode(nanos(order.updatedAt()));
      fold = fold * 31 + order.status().ordinal();
    }
    return quoted("list." + (filter == null ? "all" : filter) + "." + orders.size() + "." + Long.toHexString(fold));
  }

  /** Whether an {@code If-None-Match} header value names {@code etag} (weakly) or is {@code *}. */
  public static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null || ifNoneMatch.isBlank()) {
      return false;
    }
    String wanted = opaque(etag);
    for (String candidate : ifNoneMatch.split(",", 64)) {
      String tag = candidate.strip();
      if (tag.equals("*") || opaque(tag).equals(wanted)) {
        return true;
      }
    }
    return false;
  }

  private static String opaque(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }

  /**
   * The work order's last change: {@code updatedAt} (every save sets it from the clock) and, for a
   * clock that did not move between two saves, a fingerprint of the fields a save changes — built
   * from strings and numbers only, so it is the same after a restart (an enum's or a record's
   * hashCode is not).
   */
  private static String stamp(WorkOrder order) {
    int fields = Objects.hash(order.status().wireName(), order.currentStep(), order.branchName(), order.prUrl(),
        order.errorMessage(), order.headCommit(), order.sandboxPath(), order.diffStats() == null ? null
            : order.diffStats().filesChanged() + "/" + order.diffStats().linesAdded() + "/" + order.diffStats().linesRemoved());
    return Long.toHexString(nanos(order.updatedAt())) + "." + Integer.toHexString(fields);
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  private static String quoted(String tag) {
    return "\"" + tag.replaceAll("[^A-Za-z0-9._-]", "_") + "\"";
  }
}
