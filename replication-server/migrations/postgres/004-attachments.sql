-- Material photos, content-addressed by the SHA-256 of their bytes. A row with complete = false is an upload in
-- progress: its bytes are the chunks received so far, in attachment_chunks, until the last one arrives and the hash
-- is checked. Blobs in the database are enough for the pilot; production may move them to object storage.
CREATE TABLE attachments (
  sha256 TEXT PRIMARY KEY,
  content_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  bytes BYTEA,
  complete BOOLEAN NOT NULL
);

CREATE TABLE attachment_chunks (
  sha256 TEXT NOT NULL REFERENCES attachments (sha256) ON DELETE CASCADE,
  chunk_offset INTEGER NOT NULL,
  bytes BYTEA NOT NULL,
  PRIMARY KEY (sha256, chunk_offset)
);
