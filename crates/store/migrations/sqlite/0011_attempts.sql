-- Attempts are counted before their secret is compared (issue 14): the count starts over only
-- after a whole window without an attempt, so its time column now holds the newest attempt,
-- and every lock is numbered so that a flow begun before the newest lock stays dead.
ALTER TABLE user_lockouts RENAME COLUMN window_start TO last_failure;
ALTER TABLE user_lockouts ADD COLUMN locks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE dir_accounts RENAME COLUMN window_start TO last_failure;
ALTER TABLE dir_accounts ADD COLUMN locks INTEGER NOT NULL DEFAULT 0;
ALTER TABLE auth_transactions ADD COLUMN lock_epoch INTEGER NOT NULL DEFAULT 0;
