-- onekyc-bridge schema, version 2: staged images in encrypted chunks.
--
-- An image is written from its upload and read for its PUT a chunk at a time, so that neither holds it whole in
-- memory. staged_documents keeps one row per image: document_id names the staging that wrote its chunks (a new
-- one each time the image is replaced) and content is empty. Rows staged before version 2 have no document_id
-- and keep the whole image in content; they are read as before, until their submission no longer needs them.
--
-- Each chunk is sealed on its own (AES-256-GCM) with associated data that binds it to its submission, kind,
-- document_id, index and whether it is the last: chunks cannot be reordered, mixed between stagings, dropped or
-- cut off after the last one without failing to decrypt. Deleting an image's row deletes its chunks (the
-- cascade keeps a purge of staged_documents complete).

ALTER TABLE staged_documents ADD document_id VARCHAR(36);

CREATE TABLE staged_document_chunks (
  submission_id               VARCHAR(36)   NOT NULL,
  kind                        VARCHAR(16)   NOT NULL,
  chunk_index                 INTEGER       NOT NULL,
  last_chunk                  BOOLEAN       NOT NULL,
  content                     BLOB          NOT NULL,
  data_key_id                 VARCHAR(64)   NOT NULL,
  CONSTRAINT staged_document_chunks_pk PRIMARY KEY (submission_id, kind, chunk_index),
  CONSTRAINT staged_document_chunks_document_fk FOREIGN KEY (submission_id, kind)
    REFERENCES staged_documents (submission_id, kind) ON DELETE CASCADE
);
