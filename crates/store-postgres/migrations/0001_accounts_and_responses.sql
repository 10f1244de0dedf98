-- Accounts and the scored responses (full assessments and weekly check-ins) of each person.
-- Times are unix milliseconds UTC. The SQLite backend has a migration of the same name with
-- the same shape; a test in each backend keeps the two folders in step.

CREATE TABLE users (
    -- Identity columns never hand a deleted person's id to someone else.
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username      TEXT   NOT NULL UNIQUE,
    password_hash TEXT,
    created_at    BIGINT NOT NULL
);

CREATE TABLE responses (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id            BIGINT  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind               TEXT    NOT NULL CHECK (kind IN ('assessment', 'checkin')),
    instrument         TEXT    NOT NULL,
    instrument_version BIGINT  NOT NULL,
    taken_at           BIGINT  NOT NULL,
    -- The answers as a JSON object {"item_id": value}.
    answers            TEXT    NOT NULL,
    stuck              BOOLEAN NOT NULL,
    note               TEXT,
    -- Copies of the headline numbers, for aggregation in SQL.
    burnout            DOUBLE PRECISION NOT NULL,
    rustout            DOUBLE PRECISION NOT NULL,
    balance            DOUBLE PRECISION,
    zone               TEXT    NOT NULL CHECK (zone IN ('thriving', 'burnout', 'rustout', 'both')),
    -- The whole score as JSON text: what is read back.
    score              TEXT    NOT NULL
);

CREATE INDEX responses_user_taken_at ON responses (user_id, taken_at);
