-- onekyc-bridge schema, version 11: key rotation reads the rows that hold encrypted values, not every row kept.
--
-- The rotation (db reencrypt) walks each table in the order of its primary key, a window of rows at a time, for the
-- rows whose encrypted value is still there: callback bodies not erased, the personal data of submissions not
-- purged, the upload URLs of their documents. Erased and purged rows are kept for good (audit), and after a year
-- of service they are most of each table: read through the primary key, a window walked past all of them (the
-- inbox's oldest entries, its lowest ids, are the first erased), which on PostgreSQL ran into the statement
-- timeout and on SQLite held the write lock for as long. These indexes hold only the rows with a value, in the
-- primary key's order; the rotation's queries carry each index's condition literally, so that both planners
-- use it.
--
-- Building each index reads its table once, under a lock that holds back writes to it (on PostgreSQL, other
-- instances' writes to that table wait for the migration to commit).

CREATE INDEX callback_inbox_unerased ON callback_inbox (id) WHERE body_erased_at IS NULL;
CREATE INDEX submissions_with_personal_data ON submissions (id) WHERE personal IS NOT NULL;
CREATE INDEX submission_documents_with_upload_url ON submission_documents (submission_id, kind)
  WHERE upload_url IS NOT NULL;
