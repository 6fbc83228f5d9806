-- onekyc-bridge schema, version 8: request fingerprints sealed with the personal data.
--
-- A request's fingerprint (a SHA-256 of its parts, which tells a retry with an idempotency key from a different
-- request) is now kept in the sealed personal blob: in plain, the few values of an identity verification's request
-- (a phone number, an e-mail) could be found again by hashing every candidate. request_fingerprint stays for the
-- rows written before this version, and is read while they have it: their next save moves the fingerprint into
-- the blob and empties the column. The fingerprints of purged submissions go now: nothing compares them any more.

UPDATE submissions SET request_fingerprint = NULL WHERE purged_at IS NOT NULL;
