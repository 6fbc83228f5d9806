-- onekyc-bridge schema, version 5: the texts for the user that come with a rejected result.
--
-- JSON, by locale tag as the platform sent it: {"en_ID": {"title": …, "message": …}, …}. Not personal data.
-- NULL: none came. The client bounds them (8 locales, titles of 200 and messages of 1,000 characters, no control
-- characters), so the JSON stays well under the limit.

ALTER TABLE submissions ADD outcome_rejection_texts VARCHAR(32000);
