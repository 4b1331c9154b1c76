package dev.awo.spi.persistence;

import dev.awo.domain.WorkOrderId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Ownership of work orders, so that several orchestrators (in one JVM or many) can share one store:
 * an orchestrator runs a work order only while it holds its {@link Lease}, renews the lease while it
 * runs, and releases it at the end; when an owner dies, its leases expire and another owner claims
 * them and carries the work orders on. Every write of a running work order goes through the fenced
 * {@code save(..., Lease)} methods of {@link WorkOrderRepository} and {@link StepHistoryRepository},
 * which refuse a writer that no longer holds the lease ({@link LeaseLostException}).
 *
 * <p>Implemented by the store that keeps the work orders (the in-memory and JDBC work order
 * repositories do; the orchestrator uses a work order repository that implements this interface
 * for leases). The lease lives on the work order's row: an owner, a version and an expiry time.
 * Each operation is <b>one conditional write</b> on that row, e.g. in SQL:
 * <pre>{@code
 * -- claim (compare-and-set on the version)
 * UPDATE work_orders SET lease_owner = :owner, lease_version = :expected + 1, lease_expires = :now + :timeout
 *  WHERE id = :id AND lease_version = :expected AND (lease_expires IS NULL OR lease_expires <= :now)
 *    AND status IN ('pending', 'running', 'waiting')
 * -- renew / release
 * UPDATE work_orders SET lease_expires = :until WHERE id = :id AND lease_owner = :owner AND lease_version = :version
 * -- a fenced work order save
 * UPDATE work_orders SET ...all columns... WHERE id = :id AND lease_owner = :owner AND lease_version = :version
 * -- a fenced step history save: in the save's transaction, before anything else (locks the row until commit)
 * UPDATE work_orders SET lease_version = lease_version WHERE id = :id AND lease_owner = :owner AND lease_version = :version
 * }</pre>
 * An update count of 0 means the claim lost, or the lease is lost ({@link LeaseLostException}).
 *
 * <p>What a host's store must guarantee (checked by {@code WorkOrderRepositoryContract} in awo-testkit):
 * <ul>
 *   <li><b>Claims are exclusive.</b> Of any number of owners claiming one work order with the same
 *       expected version at once, at most one succeeds; the winner's lease has version {@code
 *       expected + 1}. A claim succeeds only when the stored version equals the expected one, the
 *       lease is free at {@code now} (never claimed, released, or expired: {@code expiresAt <= now})
 *       and the work order is not terminal.
 *   <li><b>Expiry is measured with the caller's clock.</b> The store compares the instants it is
 *       given ({@code now}, computed expiry times) and never its own clock, so tests can use a virtual
 *       clock. Owners sharing a store must have clocks that agree to well within the lease timeout.
 *   <li><b>An expired lease is not yet lost.</b> Until another owner claims it (and so raises the
 *       version), its owner may still renew it and write with it; only a claim fences it off. This
 *       keeps a slow owner's work when no one took it over.
 *   <li><b>Stale writers are refused atomically.</b> A fenced save with a lease whose owner or
 *       version is no longer the stored one throws {@link LeaseLostException} and stores nothing, and
 *       a claim never succeeds while a fenced save with the previous lease is in flight and later
 *       commits (the check and the write are one atomic step: the conditional update above, whose row
 *       lock a concurrent claim waits for).
 *   <li><b>Committed means durable.</b> Once an operation returns, its effect survives a crash of the
 *       calling process and of the database (e.g. PostgreSQL's default {@code synchronous_commit=on};
 *       embedded H2 only with {@code WRITE_DELAY=0}).
 * </ul>
 *
 * <p>Implementations must be thread-safe.
 */
public interface WorkOrderLeases {
  /** The lease timeout the orchestrator uses unless told otherwise. */
  Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The last lease granted on the work order — held, expired or released ({@code expiresAt} at or
   * before the release) — or empty when none was ever granted or the work order is unknown.
   */
  Optional<Lease> lease(WorkOrderId workOrderId);

  /**
   * Claims the work order for {@code owner} until {@code now + timeout}, if its lease version is
   * still {@code expectedVersion} (0 for a work order never claimed), its lease is free at {@code
   * now} and it is not terminal; empty otherwise (another owner won, holds it, or it ended).
   */
  Optional<Lease> claim(WorkOrderId workOrderId, OwnerId owner, long expectedVersion, Instant now, Duration timeout);

  /**
   * Extends a lease its owner still holds to {@code now + timeout}; empty when another owner has
   * claimed the work order since (the lease is lost), or the work order is gone.
   */
  Optional<Lease> renew(Lease lease, Instant now, Duration timeout);

  /**
   * Gives a lease up at {@code now}, so any owner may claim the work order at once; false when the
   * lease was already lost (nothing changes then).
   */
  boolean release(Lease lease, Instant now);

  /**
   * Up to {@code limit} work orders that are not terminal and whose lease is free at {@code now}
   * (never claimed, released or expired), oldest first: the candidates for a claim.
   */
  List<WorkOrderId> claimable(Instant now, int limit);
}
