-- Temporary codes. The code itself is never stored: only a keyed hash of a per-code salt and the
-- code. At most one active code per user, enforced by the partial unique index, so a replace
-- and a concurrent generate cannot leave two valid codes.
CREATE TABLE temporary_codes (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id),
    salt TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    uses TEXT NOT NULL,
    state TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    ended_at INTEGER,
    end_reason TEXT,
    last_used_at INTEGER,
    use_count INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX temporary_codes_one_active ON temporary_codes(user_id) WHERE state = 'active';
CREATE INDEX temporary_codes_user ON temporary_codes(user_id, created_at);

-- API credentials that act for an administrator (helpdesk integrations): the administrator's
-- role decides what the credential may do, checked on every request.
ALTER TABLE api_clients ADD COLUMN admin TEXT;
