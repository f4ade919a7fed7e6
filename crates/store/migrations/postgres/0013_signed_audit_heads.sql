-- The chain head row carries its own keyed hash (issue 14): rewriting it to hide deleted
-- records needs the key. Heads written before stay unsigned until their node next starts.
ALTER TABLE audit_heads ADD COLUMN mac TEXT;
