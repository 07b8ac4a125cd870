-- Replicated documents of every collection. seq is server-assigned and unique across collections.
CREATE TABLE documents (
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  deleted INTEGER NOT NULL,
  body TEXT NOT NULL,
  tags TEXT NOT NULL,
  parent_collection TEXT,
  parent_id TEXT,
  PRIMARY KEY (collection, id)
) WITHOUT ROWID;
CREATE UNIQUE INDEX documents_seq ON documents (seq);
CREATE INDEX documents_collection_seq ON documents (collection, seq);
CREATE INDEX documents_parent ON documents (parent_collection, parent_id);

-- One row per read tag so a scoped pull is an index lookup.
CREATE TABLE document_tags (
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  tag TEXT NOT NULL,
  PRIMARY KEY (collection, id, tag)
) WITHOUT ROWID;
CREATE INDEX document_tags_tag ON document_tags (tag, collection, id);
