-- RADIUS challenges waiting for their answer (issue 18, security requirement 33), kept here so
-- a gateway that fails over to another node is answered there, and each State is taken by one
-- answer on any node (a DELETE … RETURNING). Only a keyed hash of the State is stored.
CREATE TABLE radius_challenges (
    state_hash TEXT PRIMARY KEY,
    transaction_id TEXT NOT NULL,
    client TEXT NOT NULL,
    username TEXT NOT NULL,
    sms_sent BIGINT NOT NULL,
    push_sent BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX radius_challenges_expiry ON radius_challenges (expires_at);
