-- Regain schema v1 (SQLite). Times are Unix milliseconds (UTC); booleans are 0/1 integers, so the
-- same queries run on SQLite and PostgreSQL.
CREATE TABLE policies (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username TEXT NOT NULL,
    username_key TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    search_key TEXT NOT NULL,
    directory_ref TEXT NOT NULL,
    policy_id INTEGER NOT NULL REFERENCES policies(id),
    state TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX users_search ON users(search_key);
CREATE TABLE roles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    name_key TEXT NOT NULL UNIQUE,
    permissions TEXT NOT NULL,
    max_tempcode_secs INTEGER,
    builtin INTEGER NOT NULL
);
CREATE TABLE admin_roles (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    role_id INTEGER NOT NULL REFERENCES roles(id)
);
CREATE TABLE settings (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    body TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE TABLE security_questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    text TEXT NOT NULL,
    text_key TEXT NOT NULL UNIQUE,
    mandatory INTEGER NOT NULL
);
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    node TEXT NOT NULL,
    seq INTEGER NOT NULL,
    at INTEGER NOT NULL,
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
    seq INTEGER NOT NULL,
    hash TEXT NOT NULL
);
CREATE TABLE one_time_tokens (
    token_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL,
    subject TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE TABLE dir_accounts (
    username_key TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    display_name TEXT NOT NULL,
    password_hash TEXT,
    password_changed_at INTEGER,
    must_change INTEGER NOT NULL,
    disabled INTEGER NOT NULL,
    logon_hours BLOB NOT NULL,
    failures INTEGER NOT NULL,
    window_start INTEGER,
    locked_until INTEGER,
    version INTEGER NOT NULL
);
CREATE TABLE dir_password_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    username_key TEXT NOT NULL REFERENCES dir_accounts(username_key) ON DELETE CASCADE,
    hash TEXT NOT NULL,
    set_at INTEGER NOT NULL
);
CREATE INDEX dir_history_user ON dir_password_history(username_key, id);
