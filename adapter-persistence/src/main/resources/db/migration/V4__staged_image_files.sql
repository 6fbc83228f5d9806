-- onekyc-bridge schema, version 4: staged images as files beside a SQLite database.
--
-- When the adapter is given a folder for images (DatabaseConfig.imageFolder), each image is a file named after
-- its document_id, sealed a chunk at a time under a random key of its own. image_key holds that key, sealed
-- under the data key (data_key_id), and nothing else does: deleting the row, which SQLite overwrites, leaves the
-- file's ciphertext without a key. NULL: the image is in staged_document_chunks (or, before version 2, in
-- content).

ALTER TABLE staged_documents ADD image_key BLOB;
