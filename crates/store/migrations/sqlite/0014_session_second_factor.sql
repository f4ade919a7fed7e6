-- When the session's administrator last confirmed a second factor (issue 14): sensitive
-- console actions ask again after 5 minutes.
ALTER TABLE admin_sessions ADD COLUMN mfa_at INTEGER;
