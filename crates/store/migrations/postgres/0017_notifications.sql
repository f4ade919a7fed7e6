-- Notifications (issue 17, F-M1): administrators' subscriptions, the transactional outbox
-- (written in the transaction of the change that causes a notice, delivered by a worker on any
-- node) and each user's contact details.
CREATE TABLE notification_subscriptions (
    id BIGSERIAL PRIMARY KEY,
    event TEXT NOT NULL,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    -- The user's username_key, or '' for any user.
    username_key TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (event, channel, address, username_key)
);
CREATE TABLE notification_outbox (
    id BIGSERIAL PRIMARY KEY,
    event TEXT NOT NULL,
    channel TEXT NOT NULL,
    address TEXT NOT NULL,
    username TEXT NOT NULL,
    language TEXT,
    facts TEXT NOT NULL,
    state TEXT NOT NULL,
    attempts BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    next_at BIGINT NOT NULL,
    -- The node working on it and until when; past that, any worker may claim it again.
    claimed_by TEXT,
    claim_until BIGINT,
    last_error TEXT,
    sent_at BIGINT
);
CREATE INDEX notification_outbox_due ON notification_outbox (state, next_at);
CREATE INDEX notification_outbox_recent ON notification_outbox (event, username, created_at);
CREATE TABLE user_contacts (
    user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    email TEXT,
    language TEXT
);
