-- Deleting one response, and the optional risk context of a person's role (DESIGN §2.1). The
-- PostgreSQL backend has a migration of the same name with the same shape; a test in each
-- backend keeps the two folders in step.

-- Responses can now be deleted one by one, so their ids get AUTOINCREMENT, as accounts have: a
-- deleted response's id is never given to a later one (a repeated `DELETE /responses/7` must
-- not find a new answer under the old id). SQLite cannot add AUTOINCREMENT to a table, so the
-- table is rebuilt with its rows and ids as they were. Nothing references it yet.
CREATE TABLE responses_new (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
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

INSERT INTO responses_new (id, user_id, kind, instrument, instrument_version, taken_at, answers,
    stuck, note, burnout, rustout, balance, zone, score)
SELECT id, user_id, kind, instrument, instrument_version, taken_at, answers, stuck, note,
    burnout, rustout, balance, zone, score
FROM responses;

DROP TABLE responses;
ALTER TABLE responses_new RENAME TO responses;
CREATE INDEX responses_user_taken_at ON responses (user_id, taken_at);
CREATE INDEX responses_user_kind_taken_at ON responses (user_id, kind, taken_at);

-- The check-in a contribution came from, so that deleting that check-in can take it out of the
-- cell of a week not released yet. NULL for contributions made before this migration (they
-- stay in their cells: which check-in fed them is not known) and, once the check-in is
-- deleted, for contributions to a released week (frozen: they stay as released).
ALTER TABLE contributions ADD COLUMN response_id INTEGER
    REFERENCES responses (id) ON DELETE SET NULL;
CREATE INDEX contributions_response ON contributions (response_id);

-- What a person says about their role: work known to raise the risk of burnout (caring,
-- emergency and first response, a heavy workload) or of rust-out (repetitive or predictable
-- work, little creativity, skills unused). Never shared, never part of a score; a person who
-- gives none has no row.
CREATE TABLE risk_contexts (
    user_id           INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    caring            INTEGER NOT NULL CHECK (caring IN (0, 1)),
    emergency         INTEGER NOT NULL CHECK (emergency IN (0, 1)),
    heavy_workload    INTEGER NOT NULL CHECK (heavy_workload IN (0, 1)),
    repetitive        INTEGER NOT NULL CHECK (repetitive IN (0, 1)),
    little_creativity INTEGER NOT NULL CHECK (little_creativity IN (0, 1)),
    skills_unused     INTEGER NOT NULL CHECK (skills_unused IN (0, 1)),
    updated_at        INTEGER NOT NULL
) STRICT;
