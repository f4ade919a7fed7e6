-- Number matching by typing (issue 14): the device no longer receives candidates to pick from,
-- so none are stored.
ALTER TABLE push_challenges DROP COLUMN candidates;
