-- onekyc-bridge schema, version 9: a partner user's one active certificate registration or identity verification,
-- held by the database.
--
-- The platform's Esign details answer with the user's latest CERT_REG or SIV submission, so a user has one of them
-- active at a time (FlowType.sharingItsResultLookup). Until now only the intake's lookup kept that rule, and the
-- database held one active submission per flow: a registration and an identity verification of one user started
-- at the same instant both found none and were both stored. submissions_one_active_esign_per_user refuses the
-- second now. A KTP scan keeps a slot of its own (submissions_one_active_per_user_and_flow).
--
-- A database may hold such a pair already. Failing the migration on it would stop the upgrade, and ending either
-- submission would lose its result: the older of the two is marked esign_slot_exempt instead and left out of the
-- index. It goes on as before and the newer holds the slot; should the newer end first, only the intake's lookup
-- keeps the user's next start out until the older ends too. Once it is final the mark no longer counts. The store
-- never writes the column: only this script sets it.

ALTER TABLE submissions ADD esign_slot_exempt BOOLEAN;

UPDATE submissions SET esign_slot_exempt = TRUE
  WHERE flow IN ('CERT_REG', 'SIV')
    AND status NOT IN ('COMPLETED', 'ERROR', 'EXPIRED', 'FAILED')
    AND EXISTS (
      SELECT 1 FROM submissions newer
        WHERE newer.partner_user_id = submissions.partner_user_id
          AND newer.partner_user_id_type = submissions.partner_user_id_type
          AND newer.flow IN ('CERT_REG', 'SIV')
          AND newer.status NOT IN ('COMPLETED', 'ERROR', 'EXPIRED', 'FAILED')
          AND (newer.created_at > submissions.created_at
            OR newer.created_at = submissions.created_at AND newer.id > submissions.id));

CREATE UNIQUE INDEX submissions_one_active_esign_per_user
  ON submissions (partner_user_id, partner_user_id_type)
  WHERE flow IN ('CERT_REG', 'SIV') AND status NOT IN ('COMPLETED', 'ERROR', 'EXPIRED', 'FAILED')
    AND esign_slot_exempt IS NULL;
