-- Directory passwords kept for the self-service reset (reference F-S13), encrypted by the
-- application (XChaCha20-Poly1305, key outside the database, bound to user and kind):
-- 'current' is the password the user last signed in with (reset path a); 'reset_temporary' is
-- the temporary password of a reset whose last step was refused, kept briefly so the user can
-- try another new password.
CREATE TABLE directory_secrets (
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    sealed BYTEA NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT,
    PRIMARY KEY (user_id, kind)
);
