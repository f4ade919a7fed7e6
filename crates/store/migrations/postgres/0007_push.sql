-- Push challenges with number matching. One row per push sent to a device; the answer is written
-- once by a conditional UPDATE (state 'pending' → approved / denied / wrong_number / expired).
CREATE TABLE push_challenges (
    id TEXT PRIMARY KEY,
    transaction_id TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    method_id TEXT NOT NULL,
    number BIGINT NOT NULL,
    candidates TEXT NOT NULL,
    context TEXT NOT NULL,
    state TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    answered_at BIGINT
);
CREATE INDEX push_challenges_method ON push_challenges(method_id, state);
CREATE INDEX push_challenges_user ON push_challenges(user_id, created_at);
CREATE INDEX push_challenges_tx ON push_challenges(transaction_id);

-- The device or gateway name an API client gives when starting a sign-in (shown with the push).
ALTER TABLE auth_transactions ADD COLUMN device TEXT;
