-- Users' second-factor methods: OTP tokens now; push devices and phone numbers use the same rows.
-- Secrets (OTP seeds) are encrypted by the application (XChaCha20-Poly1305, bound to the row id).
CREATE TABLE auth_methods (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    state TEXT NOT NULL,
    params TEXT NOT NULL,
    secret BLOB,
    serial TEXT,
    last_counter INTEGER,
    created_at INTEGER NOT NULL,
    confirmed_at INTEGER,
    last_used_at INTEGER
);
CREATE INDEX auth_methods_user ON auth_methods(user_id);
CREATE UNIQUE INDEX auth_methods_serial ON auth_methods(serial);
