-- Every automatic three-way merge of a stale push: which fields were taken from whom.
CREATE TABLE automatic_merges (
  id BIGSERIAL PRIMARY KEY,
  collection TEXT NOT NULL,
  document_id TEXT NOT NULL,
  fields TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  station_id TEXT,
  device_id TEXT NOT NULL,
  at TEXT NOT NULL
);
CREATE INDEX automatic_merges_document ON automatic_merges (collection, document_id);

-- Merges that could not be completed; base, both versions and the decision are kept in full.
CREATE TABLE conflicts (
  id TEXT PRIMARY KEY,
  collection TEXT NOT NULL,
  document_id TEXT NOT NULL,
  status TEXT NOT NULL,
  created_at TEXT NOT NULL,
  item TEXT,
  stations TEXT NOT NULL,
  base TEXT NOT NULL,
  ours TEXT NOT NULL,
  theirs TEXT NOT NULL,
  fields TEXT NOT NULL,
  ours_by TEXT NOT NULL,
  theirs_by TEXT NOT NULL,
  resolution TEXT,
  resolved_by TEXT,
  resolved_at TEXT
);
CREATE INDEX conflicts_status_created ON conflicts (status, created_at);
CREATE INDEX conflicts_document ON conflicts (collection, document_id);

CREATE TABLE admin_audit (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX admin_audit_at ON admin_audit (at);

-- Sync monitor: the last request of each device and staff member, and its latest digest comparisons.
CREATE TABLE device_sightings (
  device_id TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  station_id TEXT,
  role TEXT NOT NULL,
  last_seen_at TEXT NOT NULL,
  last_pull_at TEXT,
  last_push_at TEXT,
  pending_pushes INTEGER,
  pending_reported_at TEXT,
  rejected_rows INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (device_id, staff_id)
);

CREATE TABLE digest_checks (
  device_id TEXT NOT NULL,
  staff_id TEXT NOT NULL,
  collection TEXT NOT NULL,
  station_id TEXT,
  at TEXT NOT NULL,
  matched BOOLEAN NOT NULL,
  device_count INTEGER NOT NULL,
  server_count INTEGER NOT NULL,
  PRIMARY KEY (device_id, staff_id, collection)
);
