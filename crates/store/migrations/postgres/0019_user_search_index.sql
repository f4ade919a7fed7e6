-- The console's user search (issue 19): a substring search on the case-folded name and display
-- name. A LIKE '%…%' cannot use a B-tree index and read every user; a trigram GIN index answers
-- it (pg_trgm, a trusted extension: the database's owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX users_search_trigrams ON users USING gin (search_key gin_trgm_ops);
