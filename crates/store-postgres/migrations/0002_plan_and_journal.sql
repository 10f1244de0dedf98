-- A person's plan, the recommendations they set aside, and their sealed journal.
-- Times are unix milliseconds UTC; a due date is a whole day counted from 1970-01-01 (negative
-- before it). The SQLite backend has a migration of the same name with the same shape; a test
-- in each backend keeps the two folders in step.

CREATE TABLE plan_items (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind           TEXT   NOT NULL CHECK (kind IN ('action', 'goal', 'learning', 'custom')),
    -- The catalogue action adopted and its strategy, for kind 'action'.
    action_id      TEXT,
    strategy_id    TEXT,
    title          TEXT   NOT NULL,
    cadence        TEXT   CHECK (cadence IN ('once', 'daily', 'weekly', 'monthly')),
    due            BIGINT,
    status         TEXT   NOT NULL CHECK (status IN ('active', 'done', 'dismissed')),
    created_at     BIGINT NOT NULL,
    completions    BIGINT NOT NULL CHECK (completions BETWEEN 0 AND 4294967295),
    last_done_at   BIGINT,
    closed_at      BIGINT,
    dismiss_reason TEXT
);

CREATE INDEX plan_items_user_created_at ON plan_items (user_id, created_at);

CREATE TABLE dismissals (
    id      BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- A strategy id or an action id from the catalogue.
    target  TEXT   NOT NULL,
    at      BIGINT NOT NULL,
    reason  TEXT
);

CREATE INDEX dismissals_user_at ON dismissals (user_id, at);

-- The journal data key of each person, wrapped under a key derived from their passphrase.
CREATE TABLE journal_keys (
    user_id    BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    wrapped    BYTEA  NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE journal_entries (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    -- The reflection prompt answered (a catalogue prompt id), if any. Not secret.
    prompt     TEXT,
    -- Nonce and ciphertext; the store never sees the text.
    sealed     BYTEA  NOT NULL
);

CREATE INDEX journal_entries_user_created_at ON journal_entries (user_id, created_at);
