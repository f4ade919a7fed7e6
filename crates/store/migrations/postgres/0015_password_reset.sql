-- The self-service password reset (issue 16).

-- A user's security answers: only argon2id hashes (a salt each, the answers' own pepper from
-- the key file), normalised before hashing. Deleting a question deletes its answers.
CREATE TABLE security_answers (
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    question_id BIGINT NOT NULL REFERENCES security_questions(id) ON DELETE CASCADE,
    answer_hash TEXT NOT NULL,
    PRIMARY KEY (user_id, question_id)
);

-- When a user enrolled answers, or declined the prompt to.
CREATE TABLE answer_enrollments (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    enrolled_at BIGINT,
    declined_at BIGINT
);

-- The sticky draw: the questions a name is asked, kept until answered or until a lockout has
-- come and gone (lock_epoch). Keyed by the keyed hash of the normalised name, so a name that
-- belongs to nobody keeps its decoy draw the same way.
CREATE TABLE challenge_draws (
    name_key TEXT PRIMARY KEY,
    question_ids TEXT NOT NULL,
    lock_epoch BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

-- Reset sessions: the cookie holds a random token, this table its keyed hash.
CREATE TABLE reset_sessions (
    id_hash TEXT PRIMARY KEY,
    name_key TEXT NOT NULL,
    username TEXT NOT NULL,
    csrf_token TEXT NOT NULL,
    stage TEXT NOT NULL,
    lock_epoch BIGINT NOT NULL,
    transaction_id TEXT,
    source TEXT,
    created_at BIGINT NOT NULL,
    last_seen BIGINT NOT NULL
);
CREATE INDEX reset_sessions_seen ON reset_sessions(last_seen);

-- The lockout of names that belong to nobody, so a decoy challenge locks after as many wrong
-- answers as a real one (the columns of user_lockouts).
CREATE TABLE name_lockouts (
    name_key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    last_failure BIGINT,
    locked_until BIGINT,
    locks BIGINT NOT NULL,
    version BIGINT NOT NULL
);

-- Rate limits in fixed windows, shared by every node: a key (an address, a name's key), the
-- window's start and the requests counted in it.
CREATE TABLE rate_windows (
    key TEXT PRIMARY KEY,
    window_start BIGINT NOT NULL,
    hits BIGINT NOT NULL
);

-- The self-service app's own API client: the push step of mode "questions and push" runs as a
-- sign-in transaction of workflow self_service, decided by the same core as every other. Its
-- credential hash matches no keyed hash, so no request can present it.
INSERT INTO api_clients (id, name, name_key, secret_hash, trusted, created_at, revoked_at, admin)
VALUES ('c-password-help', 'Regain password help (built in)', 'regain password help (built in)', '!', 1, 0, NULL, NULL);
