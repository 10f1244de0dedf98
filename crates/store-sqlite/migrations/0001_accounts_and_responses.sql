-- Accounts and the scored responses (full assessments and weekly check-ins) of each person.
-- Times are unix milliseconds UTC. The PostgreSQL backend has a migration of the same name
-- with the same shape; a test in each backend keeps the two folders in step.

CREATE TABLE users (
    -- AUTOINCREMENT: a deleted person's id is never given to someone else.
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL UNIQUE,
    password_hash TEXT,
    created_at    INTEGER NOT NULL
) STRICT;

CREATE TABLE responses (
    id                 INTEGER PRIMARY KEY,
    user_id            INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind               TEXT    NOT NULL CHECK (kind IN ('assessment', 'checkin')),
    instrument         TEXT    NOT NULL,
    instrument_version INTEGER NOT NULL,
    taken_at           INTEGER NOT NULL,
    -- The answers as a JSON object {"item_id": value}.
    answers            TEXT    NOT NULL,
    stuck              INTEGER NOT NULL CHECK (stuck IN (0, 1)),
    note               TEXT,
    -- Copies of the headline numbers, for aggregation in SQL.
    burnout            REAL    NOT NULL,
    rustout            REAL    NOT NULL,
    balance            REAL,
    zone               TEXT    NOT NULL CHECK (zone IN ('thriving', 'burnout', 'rustout', 'both')),
    -- The whole score as JSON: what is read back.
    score              TEXT    NOT NULL
) STRICT;

CREATE INDEX responses_user_taken_at ON responses (user_id, taken_at);
