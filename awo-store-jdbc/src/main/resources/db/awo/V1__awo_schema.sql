-- awo-store-jdbc schema, version 1. Portable between H2 2.x and PostgreSQL 12+: no vendor types, no upsert.
-- Run by Flyway (location classpath:db/awo) or by JdbcSchema.create(dataSource); every statement is
-- idempotent (IF NOT EXISTS) so that JdbcSchema can run it again on every start.
--
-- Why the columns look the way they do:
--   instants and durations are BIGINT nanoseconds: exact (PostgreSQL's TIMESTAMP keeps microseconds) and sortable;
--   cost_usd is text: a DECIMAL(p,s) column changes the scale of 0.0325, and BigDecimal.equals would then fail;
--   a step result is one row keyed by (work order, seq): a save appends only the new rows, so it costs the
--   same at step 7 as at step 700;
--   awo_step_histories holds one version per work order; writers lock that row, so concurrent saves of one
--   work order are serialised and the version never goes down.

CREATE TABLE IF NOT EXISTS awo_work_orders (
  id               VARCHAR(16) NOT NULL PRIMARY KEY,
  repository_url   TEXT        NOT NULL,
  user_request     TEXT        NOT NULL,
  issue_number     INTEGER,
  sandbox_type     VARCHAR(32) NOT NULL,
  workflow         VARCHAR(64) NOT NULL,
  status           VARCHAR(16) NOT NULL,
  current_step     TEXT,
  branch_name      TEXT,
  pr_url           TEXT,
  error_message    TEXT,
  base_commit      VARCHAR(64),
  head_commit      VARCHAR(64),
  files_changed    INTEGER,
  lines_added      BIGINT,
  lines_removed    BIGINT,
  sandbox_path     TEXT,
  created_at_ns    BIGINT      NOT NULL,
  updated_at_ns    BIGINT      NOT NULL
);

CREATE INDEX IF NOT EXISTS awo_work_orders_created ON awo_work_orders (created_at_ns, id);

CREATE INDEX IF NOT EXISTS awo_work_orders_status ON awo_work_orders (status, created_at_ns, id);

CREATE TABLE IF NOT EXISTS awo_step_histories (
  work_order_id    VARCHAR(16) NOT NULL PRIMARY KEY,
  version          BIGINT      NOT NULL
);

CREATE TABLE IF NOT EXISTS awo_step_results (
  work_order_id          VARCHAR(16) NOT NULL,
  seq                    INTEGER     NOT NULL,
  step                   TEXT        NOT NULL,
  agent_name             TEXT,
  outcome                VARCHAR(16) NOT NULL,
  output                 TEXT,
  error_message          TEXT,
  started_at_ns          BIGINT      NOT NULL,
  duration_ns            BIGINT      NOT NULL,
  attempt                INTEGER     NOT NULL,
  session_id             TEXT,
  cost_usd               VARCHAR(64),
  input_tokens           BIGINT,
  output_tokens          BIGINT,
  cache_creation_tokens  BIGINT,
  cache_read_tokens      BIGINT,
  turns                  INTEGER,
  data_json              TEXT        NOT NULL,
  PRIMARY KEY (work_order_id, seq)
);
