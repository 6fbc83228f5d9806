-- onekyc-bridge schema, version 1.
--
-- One script for SQLite and PostgreSQL: the migrator parses it with jOOQ's parser and renders every statement
-- in the target database's dialect (BIGINT ... IDENTITY becomes INTEGER PRIMARY KEY AUTOINCREMENT on SQLite,
-- BLOB becomes BYTEA on PostgreSQL). The build generates the jOOQ classes from these same scripts.
--
-- Conventions:
--   * every *_at / *_until column holds an instant as epoch nanoseconds (UTC) in a BIGINT: both databases
--     compare them the same way and the round trip is exact;
--   * BLOB columns hold AES-256-GCM ciphertext (personal data, credentials); data_key_id names the key that
--     encrypted the row's values, so that keys can rotate;
--   * personal data never appears in a plain column. The partner's user id and type, the platform's ids and
--     the outcome's verdict are not personal data and stay plain so that lookups need no decryption.

CREATE TABLE submissions (
  id                          VARCHAR(36)   NOT NULL,
  flow                        VARCHAR(16)   NOT NULL,
  status                      VARCHAR(32)   NOT NULL,
  partner_user_id             VARCHAR(128)  NOT NULL,
  partner_user_id_type        VARCHAR(128)  NOT NULL,
  platform_submission_id      VARCHAR(255),
  partner_session_id          VARCHAR(255)  NOT NULL,
  idempotency_key             VARCHAR(255),
  request_fingerprint         VARCHAR(255),
  -- the outcome's non-personal part; its KTP data is in the encrypted personal blob
  outcome_status              VARCHAR(64),
  outcome_result              VARCHAR(64),
  outcome_reason_code         VARCHAR(128),
  outcome_verification        VARCHAR(1000),
  outcome_certificate         VARCHAR(2000),
  outcome_processed_at        BIGINT,
  -- why a FAILED submission failed (the platform's code and cause; no personal data)
  failure_code                VARCHAR(128),
  failure_cause               VARCHAR(2000),
  -- the driver's schedule
  next_step_at                BIGINT,
  failed_attempts             INTEGER       NOT NULL,
  last_failure_code           VARCHAR(128),
  last_failure_cause          VARCHAR(2000),
  confirm_attempted_at        BIGINT,
  -- a claim by one driver instance; not part of the aggregate, never touched by a save
  lease_owner                 VARCHAR(255),
  lease_until                 BIGINT,
  -- the input, the outcome's KTP data and the SDK launch, as encrypted JSON; NULL once purged
  personal                    BLOB,
  data_key_id                 VARCHAR(64),
  version                     BIGINT        NOT NULL,
  created_at                  BIGINT        NOT NULL,
  updated_at                  BIGINT        NOT NULL,
  purged_at                   BIGINT,
  CONSTRAINT submissions_pk PRIMARY KEY (id),
  CONSTRAINT submissions_idempotency_key_uk UNIQUE (idempotency_key)
);

-- One partner user has at most one submission per flow that is not final.
CREATE UNIQUE INDEX submissions_one_active_per_user_and_flow
  ON submissions (flow, partner_user_id, partner_user_id_type)
  WHERE status NOT IN ('COMPLETED', 'ERROR', 'EXPIRED', 'FAILED');
-- The driver's queue: non-final submissions by due time.
CREATE INDEX submissions_due
  ON submissions (next_step_at)
  WHERE status NOT IN ('COMPLETED', 'ERROR', 'EXPIRED', 'FAILED');
CREATE INDEX submissions_platform_submission_id ON submissions (platform_submission_id);
CREATE INDEX submissions_partner_session_id ON submissions (partner_session_id);
CREATE INDEX submissions_newest_first ON submissions (created_at, id);
CREATE INDEX submissions_by_partner_user ON submissions (partner_user_id, created_at);
-- Retention: final submissions whose personal data is still held, by last change.
CREATE INDEX submissions_purgeable
  ON submissions (updated_at)
  WHERE purged_at IS NULL AND status IN ('COMPLETED', 'ERROR', 'EXPIRED', 'FAILED');

CREATE TABLE submission_documents (
  submission_id               VARCHAR(36)   NOT NULL,
  kind                        VARCHAR(16)   NOT NULL,
  content_type                VARCHAR(64)   NOT NULL,
  size_bytes                  BIGINT        NOT NULL,
  sha256                      VARCHAR(64)   NOT NULL,
  reference                   VARCHAR(1000),
  -- the presigned upload URL carries a signature: a credential, so encrypted; NULL once purged
  upload_url                  BLOB,
  upload_url_expires_at       BIGINT,
  upload_state                VARCHAR(16)   NOT NULL,
  data_key_id                 VARCHAR(64),
  CONSTRAINT submission_documents_pk PRIMARY KEY (submission_id, kind),
  CONSTRAINT submission_documents_submission_fk FOREIGN KEY (submission_id) REFERENCES submissions (id)
);

-- Append-only: a save inserts the entries a submission gained since it was loaded, and nothing else.
CREATE TABLE submission_history (
  submission_id               VARCHAR(36)   NOT NULL,
  seq                         INTEGER       NOT NULL,
  recorded_at                 BIGINT        NOT NULL,
  kind                        VARCHAR(32)   NOT NULL,
  from_status                 VARCHAR(32)   NOT NULL,
  to_status                   VARCHAR(32)   NOT NULL,
  source                      VARCHAR(16)   NOT NULL,
  detail                      VARCHAR(2000),
  CONSTRAINT submission_history_pk PRIMARY KEY (submission_id, seq),
  CONSTRAINT submission_history_submission_fk FOREIGN KEY (submission_id) REFERENCES submissions (id)
);

-- Images from acceptance until the platform has them; deleted then. No foreign key: images are staged
-- before their submission is stored.
CREATE TABLE staged_documents (
  submission_id               VARCHAR(36)   NOT NULL,
  kind                        VARCHAR(16)   NOT NULL,
  content                     BLOB          NOT NULL,
  data_key_id                 VARCHAR(64)   NOT NULL,
  CONSTRAINT staged_documents_pk PRIMARY KEY (submission_id, kind)
);

-- Every callback body as received. body_mac is an HMAC-SHA256 of the body under a key derived from the data
-- key: equal bodies are found without decrypting, and the column says nothing about the body. dedup_mac is
-- body_mac for entries stored by append (unique per channel, so two instances cannot both store one body) and
-- NULL for bodies stored as rejected, which are never deduplicated.
CREATE TABLE callback_inbox (
  id                          BIGINT        GENERATED BY DEFAULT AS IDENTITY NOT NULL,
  channel                     VARCHAR(16)   NOT NULL,
  body                        BLOB          NOT NULL,
  body_mac                    VARCHAR(64)   NOT NULL,
  dedup_mac                   VARCHAR(64),
  received_at                 BIGINT        NOT NULL,
  state                       VARCHAR(16)   NOT NULL,
  attempts                    INTEGER       NOT NULL,
  next_attempt_at             BIGINT,
  lease_until                 BIGINT,
  last_error                  VARCHAR(2000),
  processed_at                BIGINT,
  data_key_id                 VARCHAR(64)   NOT NULL,
  CONSTRAINT callback_inbox_pk PRIMARY KEY (id),
  CONSTRAINT callback_inbox_dedup_uk UNIQUE (channel, dedup_mac)
);

CREATE INDEX callback_inbox_body_mac ON callback_inbox (channel, body_mac);
CREATE INDEX callback_inbox_due
  ON callback_inbox (next_attempt_at)
  WHERE state IN ('PENDING', 'PARKED');

-- One encrypted check value per data key id: opening the store with a key of a known id but other key material
-- fails at once, before any personal data is read or written.
CREATE TABLE data_key_checks (
  key_id                      VARCHAR(64)   NOT NULL,
  check_value                 BLOB          NOT NULL,
  created_at                  BIGINT        NOT NULL,
  CONSTRAINT data_key_checks_pk PRIMARY KEY (key_id)
);
