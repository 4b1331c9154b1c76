-- awo-store-jdbc schema, version 3: the commit the sandbox had checked out when each step ended, so that
-- recovery after a crash can tell whether the sandbox it finds is the one the saved steps left
-- (WorkflowOrchestrator.recover()). Nullable: results saved before version 3, and steps without a sandbox,
-- have none. Idempotent like the earlier migrations (H2 2.x and PostgreSQL 9.6+ know ADD COLUMN IF NOT EXISTS).

ALTER TABLE awo_step_results ADD COLUMN IF NOT EXISTS head_commit VARCHAR(64);
