-- onekyc-bridge schema, version 6: retention of callback bodies and of images staged for no submission.
--
-- The retention purge erases the body of a callback settled (APPLIED, REJECTED, UNMATCHED) longer ago than the
-- retention period: body becomes empty and body_erased_at says when. The row stays for audit (channel, state,
-- times, attempts, reason), and so do body_mac and dedup_mac: keyed digests that say nothing about the body
-- without the data key, and that keep a later identical body a duplicate. callback_inbox_erasable holds only the
-- settled entries whose bodies are still there, by arrival: the purge reads its batch from it, not the whole
-- inbox, which keeps every entry for ever.
--
-- staged_at: when the image was staged (by the store's clock), so that images staged for a submission that was
-- never stored (an intake that failed or stopped between the two writes) can be found once they are older than
-- the retention period. The rows staged before this migration get 0 (long ago): an orphan among them is swept at
-- the next purge, by which time an intake in flight has stored its submission. NULL: staged by an instance of an
-- earlier version still running during an upgrade (PostgreSQL); the sweep never takes it, since its age is unknown
-- and it may be an intake in flight.

ALTER TABLE callback_inbox ADD body_erased_at BIGINT;
CREATE INDEX callback_inbox_erasable
  ON callback_inbox (received_at)
  WHERE body_erased_at IS NULL AND state IN ('APPLIED', 'REJECTED', 'UNMATCHED');

ALTER TABLE staged_documents ADD staged_at BIGINT;
UPDATE staged_documents SET staged_at = 0;
