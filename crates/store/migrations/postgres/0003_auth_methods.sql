-- Users' second-factor methods: OTP tokens now; push devices and phone numbers use the same rows.
-- Secrets (OTP seeds) are encrypted by the application (XChaCha20-Poly1305, bound to the row id).
CREATE TABLE auth_methods (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    label TEXT NOT NULL,
    state TEXT NOT NULL,
    params TEXT NOT NULL,
    secret BYTEA,
    serial TEXT,
    last_counter BIGINT,
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT,
    last_used_at BIGINT
);
CREATE INDEX auth_methods_user ON auth_methods(user_id);
CREATE UNIQUE INDEX auth_methods_serial ON auth_methods(serial);
