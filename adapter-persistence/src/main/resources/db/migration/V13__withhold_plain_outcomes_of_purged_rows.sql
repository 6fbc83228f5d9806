-- onekyc-bridge schema, version 13: purged outcomes keep their codes only, whichever build purged them.
--
-- Builds before the outcome's plain columns held only codes purged a submission keeping its outcome as reported:
-- a reason code, a per-field verdict or a registration's facts that echoed a NIK or a name, and the texts for the
-- user (free text, which may name the user), stayed in plain for as long as the row is kept, which is for good.
-- A purge now keeps what Outcome.withoutPersonalData gives. Here the texts of purged rows go; the Java step that
-- follows this script (PurgedOutcomes, run by the migrator in the same transaction) rewrites the other columns of
-- each purged row that still holds a value that is no code, as today's purge writes them.

UPDATE submissions SET outcome_rejection_texts = NULL WHERE purged_at IS NOT NULL AND outcome_rejection_texts IS NOT NULL;
