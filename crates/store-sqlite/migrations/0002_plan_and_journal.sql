-- A person's plan, the recommendations they set aside, and their sealed journal.
-- Times are unix milliseconds UTC; a due date is a whole day counted from 1970-01-01 (negative
-- before it). The PostgreSQL backend has a migration of the same name with the same shape; a
-- test in each backend keeps the two folders in step.

CREATE TABLE plan_items (
    id             INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind           TEXT    NOT NULL CHECK (kind IN ('action', 'goal', 'learning', 'custom')),
    -- The catalogue action adopted and its strategy, for kind 'action'.
    action_id      TEXT,
    strategy_id    TEXT,
    title          TEXT    NOT NULL,
    cadence        TEXT    CHECK (cadence IN ('once', 'daily', 'weekly', 'monthly')),
    due            INTEGER,
    status         TEXT    NOT NULL CHECK (status IN ('active', 'done', 'dismissed')),
    created_at     INTEGER NOT NULL,
    completions    INTEGER NOT NULL CHECK (completions BETWEEN 0 AND 4294967295),
    last_done_at   INTEGER,
    closed_at      INTEGER,
    dismiss_reason TEXT
) STRICT;

CREATE INDEX plan_items_user_created_at ON plan_items (user_id, created_at);

CREATE TABLE dismissals (
    id      INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- A strategy id or an action id from the catalogue.
    target  TEXT    NOT NULL,
    at      INTEGER NOT NULL,
    reason  TEXT
) STRICT;

CREATE INDEX dismissals_user_at ON dismissals (user_id, at);

-- The journal data key of each person, wrapped under a key derived from their passphrase.
CREATE TABLE journal_keys (
    user_id    INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    wrapped    BLOB    NOT NULL,
    updated_at INTEGER NOT NULL
) STRICT;

CREATE TABLE journal_entries (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    -- The reflection prompt answered (a catalogue prompt id), if any. Not secret.
    prompt     TEXT,
    -- Nonce and ciphertext; the store never sees the text.
    sealed     BLOB    NOT NULL
) STRICT;

CREATE INDEX journal_entries_user_created_at ON journal_entries (user_id, created_at);
