-- onekyc-bridge schema, version 3: the inbox's index on (channel, body_mac) goes.
--
-- No query reads it; the duplicate check uses the unique (channel, dedup_mac). Every stored callback paid for it
-- with an insert at a random place in a second index of 64-character keys.

DROP INDEX callback_inbox_body_mac;
