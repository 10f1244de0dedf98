-- Deleting one response, and the optional risk context of a person's role (DESIGN §2.1). The
-- SQLite backend has a migration of the same name with the same shape; a test in each backend
-- keeps the two folders in step.

-- (SQLite rebuilds its responses table here so that a deleted response's id is never reused;
-- an identity column already never gives an id twice.)

-- The check-in a contribution came from, so that deleting that check-in can take it out of the
-- cell of a week not released yet. NULL for contributions made before this migration (they
-- stay in their cells: which check-in fed them is not known) and, once the check-in is
-- deleted, for contributions to a released week (frozen: they stay as released).
ALTER TABLE contributions ADD COLUMN response_id BIGINT
    REFERENCES responses (id) ON DELETE SET NULL;
CREATE INDEX contributions_response ON contributions (response_id);

-- What a person says about their role: work known to raise the risk of burnout (caring,
-- emergency and first response, a heavy workload) or of rust-out (repetitive or predictable
-- work, little creativity, skills unused). Never shared, never part of a score; a person who
-- gives none has no row.
CREATE TABLE risk_contexts (
    user_id           BIGINT  PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    caring            BOOLEAN NOT NULL,
    emergency         BOOLEAN NOT NULL,
    heavy_workload    BOOLEAN NOT NULL,
    repetitive        BOOLEAN NOT NULL,
    little_creativity BOOLEAN NOT NULL,
    skills_unused     BOOLEAN NOT NULL,
    updated_at        BIGINT  NOT NULL
);
