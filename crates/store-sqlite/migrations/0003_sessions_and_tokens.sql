-- Web sessions and API tokens. Only SHA-256 hashes of the secret tokens are kept: the cookie and
-- the bearer token themselves never reach the database. Times are unix milliseconds UTC. The
-- PostgreSQL backend has a migration of the same name with the same shape; a test in each
-- backend keeps the two folders in step.

CREATE TABLE sessions (
    token_hash  BLOB    NOT NULL PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The session's CSRF token, echoed in every form.
    csrf        TEXT    NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    -- The journal data key sealed under a key only the cookie's token can derive, while unlocked.
    journal_key BLOB
) STRICT, WITHOUT ROWID;

-- Purging expired sessions, and ending every session of one person.
CREATE INDEX sessions_expires_at ON sessions (expires_at);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- A label the person chose.
    name       TEXT    NOT NULL,
    token_hash BLOB    NOT NULL UNIQUE,
    created_at INTEGER NOT NULL,
    -- Set once, when the person revokes the token; a revoked token never authenticates again.
    revoked_at INTEGER
) STRICT;

CREATE INDEX api_tokens_user ON api_tokens (user_id);
