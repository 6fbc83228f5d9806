-- onekyc-bridge schema, version 12: the texts for the user that come with a rejected result, whatever their length.
--
-- Version 5 declared outcome_rejection_texts VARCHAR(32000), taking the client's bounds (8 locales, locale tags of
-- 16, titles of 200 and messages of 1,000 characters) to keep the JSON well under it. They do not: the JSON writes
-- U+2028, U+2029 and a surrogate without its pair as a six-character escape (\u2028), so those bounds reach 58,593
-- characters, and PostgreSQL refused the save of such an outcome (SQL state 22001) every time it was tried: the
-- submission never reached its result. Version 7 took the length off the other texts from the platform and missed
-- this one. It becomes VARCHAR without a length.
--
-- PostgreSQL only (migrations.txt): SQLite enforces no declared length, and cannot change a column's type.

ALTER TABLE submissions ALTER COLUMN outcome_rejection_texts SET DATA TYPE VARCHAR;
