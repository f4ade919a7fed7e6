-- SMS codes: only keyed hashes of the code and the number are stored; a code is bound to its
-- scope (an enrollment or an authentication transaction) and used up by one conditional UPDATE.
CREATE TABLE sms_codes (
    id TEXT PRIMARY KEY,
    scope TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    number_hash TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at INTEGER
);
CREATE INDEX sms_codes_scope ON sms_codes(scope);
CREATE INDEX sms_codes_user ON sms_codes(user_id, created_at);
CREATE INDEX sms_codes_number ON sms_codes(number_hash, created_at);
