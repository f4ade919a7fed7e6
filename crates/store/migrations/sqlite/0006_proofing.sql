-- After an enrollment is deleted (stolen device), order signing stays closed for the user until
-- an administrator records that the user's identity was proofed again.
CREATE TABLE identity_proofing (
    user_id INTEGER PRIMARY KEY REFERENCES users(id),
    required_since INTEGER NOT NULL
);
