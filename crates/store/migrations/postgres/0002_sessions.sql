-- Administrator console sessions: the cookie holds a random token, the table only its keyed hash.
CREATE TABLE admin_sessions (
    id_hash TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    source TEXT,
    created_at BIGINT NOT NULL,
    last_seen BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX admin_sessions_expiry ON admin_sessions(expires_at);
