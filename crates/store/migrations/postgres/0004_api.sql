-- Clients of the authentication API, transactions (any node continues any transaction, exactly
-- one final result), and per-user second-factor lockout shared by all nodes.
CREATE TABLE api_clients (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    secret_hash TEXT NOT NULL,
    trusted BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT
);
CREATE TABLE auth_transactions (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES api_clients(id),
    username TEXT NOT NULL,
    workflow TEXT NOT NULL,
    state TEXT NOT NULL,
    acceptable TEXT NOT NULL,
    reason TEXT,
    source TEXT,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE TABLE user_lockouts (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    failures BIGINT NOT NULL,
    window_start BIGINT,
    locked_until BIGINT,
    version BIGINT NOT NULL
);
