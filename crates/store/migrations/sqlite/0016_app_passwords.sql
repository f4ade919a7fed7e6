-- Application passwords (issue 17, F-S8): the credentials a user keeps for their applications.
-- The password is sealed with the field key, bound to the user and the row's id.
CREATE TABLE app_passwords (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    login TEXT NOT NULL,
    sealed_password BLOB NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX app_passwords_user ON app_passwords (user_id, name);
