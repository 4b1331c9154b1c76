-- awo-store-jdbc schema, version 5: idempotency keys of submissions. Portable between H2 2.x and
-- PostgreSQL 12+, idempotent like V1. The unique index refuses a second work order with one key even
-- when two orchestrators insert it at the same moment; both databases let any number of rows hold NULL.

ALTER TABLE awo_work_orders ADD COLUMN IF NOT EXISTS idempotency_key VARCHAR(128);

CREATE UNIQUE INDEX IF NOT EXISTS awo_work_orders_idempotency_key ON awo_work_orders (idempotency_key);
