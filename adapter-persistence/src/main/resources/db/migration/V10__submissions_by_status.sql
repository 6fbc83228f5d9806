-- onekyc-bridge schema, version 10: the submissions of each status counted without reading every row.
--
-- Every scrape of /metrics counts the submissions of each status. Their rows are kept for good (a purge erases
-- their personal data only), so a count that reads the table costs more with every submission ever stored; this
-- index holds a small entry per row, which the count reads instead.

CREATE INDEX submissions_by_status ON submissions (status);
