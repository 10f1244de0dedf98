-- Leader figures always carry noise, and the rules that protect a week are kept apart from the
-- check-ins (docs/privacy.md, "Threat model"). The PostgreSQL backend has a migration of the
-- same name with the same shape; a test in each backend keeps the two folders in step.

-- The strictest rules in force for one unit's own members earlier in a week not released yet.
-- Written by rules changes and unit moves, never by a check-in, so they say nothing about who
-- answered; the release applies them as floors.
CREATE TABLE week_floors (
    unit_id          INTEGER NOT NULL REFERENCES units (id),
    week             INTEGER NOT NULL,
    k                INTEGER NOT NULL CHECK (k BETWEEN 0 AND 4294967295),
    epsilon          REAL,
    quarterly_budget REAL,
    PRIMARY KEY (unit_id, week)
) STRICT, WITHOUT ROWID;

-- What check-ins of weeks not released yet were promised carries over once, from the cells.
INSERT INTO week_floors (unit_id, week, k, epsilon, quarterly_budget)
SELECT c.unit_id, c.week, c.k_floor, c.epsilon_floor, NULL FROM cells c
WHERE NOT EXISTS (SELECT 1 FROM released_weeks r WHERE r.week = c.week);

-- Units without noise get it: a new version of their rules with the default ε and budget.
INSERT INTO unit_rules (unit_id, version, k, epsilon, quarterly_budget, changed_at)
SELECT r.unit_id, r.version + 1, r.k, 1.0, 14.0, CAST(strftime('%s', 'now') AS INTEGER) * 1000
FROM unit_rules r
WHERE r.epsilon IS NULL
  AND r.version = (SELECT MAX(v.version) FROM unit_rules v WHERE v.unit_id = r.unit_id);
