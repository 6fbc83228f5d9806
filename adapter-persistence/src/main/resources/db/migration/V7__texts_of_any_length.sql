-- onekyc-bridge schema, version 7: the texts the platform sends are kept whatever their length.
--
-- The platform's status, result and reason code, its per-field verdicts and certificate facts, its submission id
-- and document references, the causes of failures and the reasons a callback was parked or rejected come from
-- outside, and nothing bounds them: an unknown value is to be kept as it came. Version 1 declared lengths for
-- them that PostgreSQL enforces, so a longer value failed the save (a submission stuck, a callback parked again
-- and again) where SQLite, which enforces no declared length, kept it. They become VARCHAR without a length.
--
-- PostgreSQL only (migrations.txt): SQLite's columns take text of any length already, and it cannot change a
-- column's type.

ALTER TABLE submissions ALTER COLUMN platform_submission_id SET DATA TYPE VARCHAR;
ALTER TABLE submissions ALTER COLUMN outcome_status SET DATA TYPE VARCHAR;
ALTER TABLE submissions ALTER COLUMN outcome_result SET DATA TYPE VARCHAR;
ALTER TABLE submissions ALTER COLUMN outcome_reason_code SET DATA TYPE VARCHAR;
ALTER TABLE submissions ALTER COLUMN outcome_verification SET DATA TYPE VARCHAR;
ALTER TABLE submissions ALTER COLUMN outcome_certificate SET DATA TYPE VARCHAR;
ALTER TABLE submissions ALTER COLUMN failure_code SET DATA TYPE VARCHAR;
ALTER TABLE submissions ALTER COLUMN failure_cause SET DATA TYPE VARCHAR;
ALTER TABLE submissions ALTER COLUMN last_failure_code SET DATA TYPE VARCHAR;
ALTER TABLE submissions ALTER COLUMN last_failure_cause SET DATA TYPE VARCHAR;
ALTER TABLE submission_documents ALTER COLUMN reference SET DATA TYPE VARCHAR;
ALTER TABLE submission_history ALTER COLUMN detail SET DATA TYPE VARCHAR;
ALTER TABLE callback_inbox ALTER COLUMN last_error SET DATA TYPE VARCHAR;
