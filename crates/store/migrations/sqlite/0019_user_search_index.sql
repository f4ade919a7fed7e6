-- The console's user search (issue 19): a substring search on the case-folded name and display
-- name. A LIKE '%…%' cannot use a B-tree index and read every user; a trigram full-text index
-- answers it from the index instead (SQLite's FTS5 `trigram` tokenizer: patterns of three
-- characters or more), kept in step with `users` by triggers.
CREATE VIRTUAL TABLE users_fts USING fts5(search_key, content = 'users', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO users_fts (rowid, search_key) SELECT id, search_key FROM users;
CREATE TRIGGER users_fts_insert AFTER INSERT ON users BEGIN
    INSERT INTO users_fts (rowid, search_key) VALUES (new.id, new.search_key);
END;
CREATE TRIGGER users_fts_delete AFTER DELETE ON users BEGIN
    INSERT INTO users_fts (users_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key);
END;
CREATE TRIGGER users_fts_update AFTER UPDATE OF search_key ON users BEGIN
    INSERT INTO users_fts (users_fts, rowid, search_key) VALUES ('delete', old.id, old.search_key);
    INSERT INTO users_fts (rowid, search_key) VALUES (new.id, new.search_key);
END;
