-- Regain schema v1 (PostgreSQL). Times are Unix milliseconds (UTC); booleans are 0/1 integers, so the
-- same queries run on SQLite and PostgreSQL.
CREATE TABLE policies (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
    username TEXT NOT NULL,
    username_key TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    search_key TEXT NOT NULL,
    directory_ref TEXT NOT NULL,
    policy_id BIGINT NOT NULL REFERENCES policies(id),
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX users_search ON users(search_key);
CREATE TABLE roles (
    id BIGSERIAL PRIMARY KEY,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    permissions TEXT NOT NULL,
    max_tempcode_secs BIGINT,
    builtin BIGINT NOT NULL
);
CREATE TABLE admin_roles (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    role_id BIGINT NOT NULL REFERENCES roles(id)
);
CREATE TABLE settings (
    id BIGINT PRIMARY KEY CHECK (id = 1),
    body TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE TABLE security_questions (
    id BIGSERIAL PRIMARY KEY,
    text TEXT NOT NULL,
    text_key TEXT NOT NULL UNIQUE,
    mandatory BIGINT NOT NULL
);
CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
    node TEXT NOT NULL,
    seq BIGINT NOT NULL,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    source TEXT,
    outcome TEXT NOT NULL,
    details TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    UNIQUE (node, seq)
);
CREATE INDEX audit_at ON audit_log(at);
CREATE INDEX audit_actor ON audit_log(actor, at);
CREATE INDEX audit_target ON audit_log(target, at);
CREATE INDEX audit_action ON audit_log(action, at);
CREATE TABLE audit_heads (
    node TEXT PRIMARY KEY,
    seq BIGINT NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE one_time_tokens (
    token_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL,
    subject TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    created_at BIGINT NOT NULL
);
CREATE TABLE dir_accounts (
    username_key TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT,
    password_changed_at BIGINT,
    must_change BIGINT NOT NULL,
    disabled BIGINT NOT NULL,
    logon_hours BYTEA NOT NULL,
    failures BIGINT NOT NULL,
    window_start BIGINT,
    locked_until BIGINT,
    version BIGINT NOT NULL
);
CREATE TABLE dir_password_history (
    id BIGSERIAL PRIMARY KEY,
    username_key TEXT NOT NULL REFERENCES dir_accounts(username_key) ON DELETE CASCADE,
    hash TEXT NOT NULL,
    set_at BIGINT NOT NULL
);
CREATE INDEX dir_history_user ON dir_password_history(username_key, id);
