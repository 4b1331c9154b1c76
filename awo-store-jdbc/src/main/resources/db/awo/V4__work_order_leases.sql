-- awo-store-jdbc schema, version 4: work order leases (WorkOrderLeases), so that several orchestrators
-- can share one store. Portable between H2 2.x and PostgreSQL 12+, idempotent like V1.
--   lease_owner:         the OwnerId holding (or that last held) the lease, NULL when never claimed;
--   lease_version:       the fencing token, raised by one on every claim; fenced writes carry it;
--   lease_expires_at_ns: when another owner may claim it (nanoseconds on the owners' clock); a release
--                        sets it to the release time. Every lease operation is one conditional UPDATE
--                        of the work order's row.

ALTER TABLE awo_work_orders ADD COLUMN IF NOT EXISTS lease_owner VARCHAR(64);

ALTER TABLE awo_work_orders ADD COLUMN IF NOT EXISTS lease_version BIGINT DEFAULT 0 NOT NULL;

ALTER TABLE awo_work_orders ADD COLUMN IF NOT EXISTS lease_expires_at_ns BIGINT;
