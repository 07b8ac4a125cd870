-- The device whose push wrote a document's current revision exactly as that device sent it; NULL for merged
-- revisions, conflict resolutions, re-stamped children and seeded data. That device's pulls leave such a revision
-- out: it already holds it.
ALTER TABLE documents ADD COLUMN written_by TEXT;
