-- Which operator credential asked for an erasure: the first 12 hex digits of its SHA-256, enough to
-- tell credentials apart after a rotation, never the token. Erasures recorded before it have none.
ALTER TABLE erasures ADD COLUMN requested_by text;
