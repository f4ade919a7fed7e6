-- Indexes that answer the sign-in path's ordered lookups in index order: a user's methods in
-- enrolment order and a transaction's newest push were sorted on every verification (SQLite
-- built a temporary B-tree for each), and an API client was found by its credential's hash by
-- scanning every client.
DROP INDEX auth_methods_user;
CREATE INDEX auth_methods_user ON auth_methods(user_id, created_at, id);
DROP INDEX push_challenges_tx;
CREATE INDEX push_challenges_tx ON push_challenges(transaction_id, created_at DESC, id);
CREATE INDEX api_clients_secret ON api_clients(secret_hash);
