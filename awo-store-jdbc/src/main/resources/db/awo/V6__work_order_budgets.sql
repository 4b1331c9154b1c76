-- awo-store-jdbc schema, version 6: the budget a work order's request set (WorkOrder.maxCostUsd and
-- maxTurns), so that a run recovered after a restart stops where the request said, not where the
-- workflow's own budget says. Portable between H2 2.x and PostgreSQL 12+, idempotent like V1.
--   budget_max_cost_usd: text like cost_usd in V1 (a DECIMAL(p,s) column would change the scale),
--                        NULL when the request set no cost limit;
--   budget_max_turns:    NULL when the request set no turn limit.

ALTER TABLE awo_work_orders ADD COLUMN IF NOT EXISTS budget_max_cost_usd VARCHAR(64);

ALTER TABLE awo_work_orders ADD COLUMN IF NOT EXISTS budget_max_turns INTEGER;
