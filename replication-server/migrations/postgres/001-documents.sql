-- Replicated documents of every collection. seq is server-assigned and unique across collections; it is only
-- taken while holding the push advisory lock (see postgres-store.ts), so seq order is commit order.
CREATE SEQUENCE document_seq;
CREATE TABLE documents (
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  seq BIGINT NOT NULL,
  deleted BOOLEAN NOT NULL,
  body TEXT NOT NULL,
  tags TEXT NOT NULL,
  parent_collection TEXT,
  parent_id TEXT,
  PRIMARY KEY (collection, id)
);
CREATE UNIQUE INDEX documents_seq ON documents (seq);
CREATE INDEX documents_collection_seq ON documents (collection, seq);
CREATE INDEX documents_parent ON documents (parent_collection, parent_id);

-- One row per read tag so a scoped pull is an index lookup.
CREATE TABLE document_tags (
  collection TEXT NOT NULL,
  id TEXT NOT NULL,
  tag TEXT NOT NULL,
  PRIMARY KEY (collection, id, tag)
);
CREATE INDEX document_tags_tag ON document_tags (tag, collection, id);
