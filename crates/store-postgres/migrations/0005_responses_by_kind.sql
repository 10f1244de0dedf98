-- The newest responses of one kind for one person (the last two full assessments, for reliable
-- change) without walking all of that person's other responses: with only the (user_id,
-- taken_at) index, finding them read every check-in the person ever made, on every check-in
-- (docs/benchmarks.md). The PostgreSQL backend has a migration of the same name with the same
-- shape; a test in each backend keeps the two folders in step.

CREATE INDEX responses_user_kind_taken_at ON responses (user_id, kind, taken_at);
