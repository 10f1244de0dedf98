-- The organisation (DESIGN §4): admins, the unit tree with its versioned privacy rules,
-- memberships and sharing, leaders, invites, the weekly aggregate cells shared check-ins feed,
-- frozen releases, the differential-privacy budget, and conversation briefs.
-- Times are unix milliseconds UTC; a week is the day number (days since 1970-01-01) of its
-- Monday, a quarter the day number of its first day. The PostgreSQL backend has a migration of
-- the same name with the same shape; a test in each backend keeps the two folders in step.

ALTER TABLE users ADD COLUMN is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1));

CREATE TABLE units (
    -- AUTOINCREMENT: a unit id is never given out twice.
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    parent_id   INTEGER REFERENCES units (id),
    archived_at INTEGER,
    created_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX units_parent ON units (parent_id);

-- Every version of a unit's rules is kept: a shared check-in names the version it was given
-- under, and the newest version is the one in force.
CREATE TABLE unit_rules (
    unit_id          INTEGER NOT NULL REFERENCES units (id),
    version          INTEGER NOT NULL CHECK (version BETWEEN 1 AND 4294967295),
    k                INTEGER NOT NULL CHECK (k BETWEEN 0 AND 4294967295),
    epsilon          REAL,
    quarterly_budget REAL,
    changed_at       INTEGER NOT NULL,
    PRIMARY KEY (unit_id, version)
) STRICT, WITHOUT ROWID;

-- One unit per person.
CREATE TABLE memberships (
    user_id            INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    unit_id            INTEGER NOT NULL REFERENCES units (id),
    joined_at          INTEGER NOT NULL,
    sharing            INTEGER NOT NULL CHECK (sharing IN (0, 1)),
    sharing_changed_at INTEGER NOT NULL
) STRICT;

CREATE INDEX memberships_unit ON memberships (unit_id);

CREATE TABLE unit_leaders (
    unit_id INTEGER NOT NULL REFERENCES units (id),
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    PRIMARY KEY (unit_id, user_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX unit_leaders_user ON unit_leaders (user_id);

-- Only the SHA-256 of the token in the link is kept. A departed creator's open invites go with
-- them; a departed joiner's name is forgotten, but the invite stays used.
CREATE TABLE invites (
    token_hash BLOB    NOT NULL PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    role       TEXT    NOT NULL CHECK (role IN ('member', 'leader')),
    created_by INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    used_at    INTEGER,
    used_by    INTEGER REFERENCES users (id) ON DELETE SET NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX invites_created_by ON invites (created_by);
CREATE INDEX invites_used_by ON invites (used_by);

-- INTERNAL: what each person's latest shared check-in of a week added to their unit's cell, kept
-- only so the cell can be corrected when they check in again, move, or delete their account. No
-- store method returns these rows. At most one per person and week, whatever the unit.
CREATE TABLE contributions (
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    week          INTEGER NOT NULL,
    user_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- The rules the check-in was given under.
    rules_version INTEGER NOT NULL,
    k             INTEGER NOT NULL,
    epsilon       REAL,
    burnout       REAL    NOT NULL,
    rustout       REAL    NOT NULL,
    balance       REAL,
    stuck         INTEGER NOT NULL CHECK (stuck IN (0, 1)),
    zone          TEXT    NOT NULL CHECK (zone IN ('thriving', 'burnout', 'rustout', 'both')),
    -- Dimension id -> score, as a JSON object.
    dimensions    TEXT    NOT NULL,
    PRIMARY KEY (unit_id, week, user_id)
) STRICT, WITHOUT ROWID;

CREATE UNIQUE INDEX contributions_user_week ON contributions (user_id, week);

-- The sums of one unit's own members for one week: counts, sums and sums of squares, never a
-- person. Kept up to date by every shared check-in, so reading them scans no history.
CREATE TABLE cells (
    unit_id        INTEGER NOT NULL REFERENCES units (id),
    week           INTEGER NOT NULL,
    respondents    INTEGER NOT NULL CHECK (respondents >= 0),
    burnout_n      INTEGER NOT NULL CHECK (burnout_n >= 0),
    burnout_sum    REAL    NOT NULL,
    burnout_sum_sq REAL    NOT NULL,
    rustout_n      INTEGER NOT NULL CHECK (rustout_n >= 0),
    rustout_sum    REAL    NOT NULL,
    rustout_sum_sq REAL    NOT NULL,
    balance_n      INTEGER NOT NULL CHECK (balance_n >= 0),
    balance_sum    REAL    NOT NULL,
    balance_sum_sq REAL    NOT NULL,
    stuck          INTEGER NOT NULL CHECK (stuck >= 0),
    zone_thriving  INTEGER NOT NULL CHECK (zone_thriving >= 0),
    zone_burnout   INTEGER NOT NULL CHECK (zone_burnout >= 0),
    zone_rustout   INTEGER NOT NULL CHECK (zone_rustout >= 0),
    zone_both      INTEGER NOT NULL CHECK (zone_both >= 0),
    -- Dimension id -> {"n", "sum", "sum_sq"}, as a JSON object.
    dimensions     TEXT    NOT NULL,
    -- The strictest k and the smallest epsilon any contribution was given under.
    k_floor        INTEGER NOT NULL CHECK (k_floor BETWEEN 0 AND 4294967295),
    epsilon_floor  REAL,
    PRIMARY KEY (unit_id, week)
) STRICT, WITHOUT ROWID;

CREATE INDEX cells_week ON cells (week);

-- A week is released once, for every unit at the same time; from then on it is frozen.
CREATE TABLE released_weeks (
    week INTEGER PRIMARY KEY
) STRICT;

-- A unit subtree's figures for a week as released: opaque JSON text, never recomputed.
CREATE TABLE releases (
    unit_id     INTEGER NOT NULL REFERENCES units (id),
    week        INTEGER NOT NULL REFERENCES released_weeks (week),
    released_at INTEGER NOT NULL,
    payload     TEXT    NOT NULL,
    PRIMARY KEY (unit_id, week)
) STRICT, WITHOUT ROWID;

-- Epsilon spent per unit and calendar quarter.
CREATE TABLE dp_spend (
    unit_id       INTEGER NOT NULL REFERENCES units (id),
    quarter_start INTEGER NOT NULL,
    spent         REAL    NOT NULL CHECK (spent >= 0),
    PRIMARY KEY (unit_id, quarter_start)
) STRICT, WITHOUT ROWID;

-- A conversation brief a person sent to a leader of their unit: only this text crosses.
CREATE TABLE briefs (
    id         INTEGER PRIMARY KEY,
    from_user  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    to_user    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    unit_id    INTEGER NOT NULL REFERENCES units (id),
    created_at INTEGER NOT NULL,
    text       TEXT    NOT NULL,
    read_at    INTEGER
) STRICT;

CREATE INDEX briefs_to_created_at ON briefs (to_user, created_at);
CREATE INDEX briefs_from_created_at ON briefs (from_user, created_at);
