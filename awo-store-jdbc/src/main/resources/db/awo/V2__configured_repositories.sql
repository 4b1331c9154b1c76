-- awo-store-jdbc schema, version 2: configured repositories (ConfiguredRepositoryRepository).
-- Portable between H2 2.x and PostgreSQL 12+, idempotent like V1. repository_url is a VARCHAR, not
-- TEXT: H2 maps TEXT to a CLOB, which cannot carry the UNIQUE constraint that refuses a second entry
-- for one URL even when two hosts register it at the same moment.

CREATE TABLE IF NOT EXISTS awo_configured_repositories (
  id                    VARCHAR(16)   NOT NULL PRIMARY KEY,
  repository_url        VARCHAR(2048) NOT NULL,
  display_name          VARCHAR(200)  NOT NULL,
  owner                 TEXT          NOT NULL,
  name                  TEXT          NOT NULL,
  default_branch        TEXT          NOT NULL,
  default_sandbox_type  VARCHAR(32)   NOT NULL,
  default_workflow      VARCHAR(64)   NOT NULL,
  created_at_ns         BIGINT        NOT NULL,
  verified_at_ns        BIGINT        NOT NULL,
  CONSTRAINT awo_configured_repositories_url UNIQUE (repository_url)
);
