-- Time to proficiency for agents with history (0012 added the columns; from now on the attempt's
-- transaction stores it, app/practice/ratings.server.ts recordProficiency). The rule is
-- timeToProficiency's (app/practice/metrics.ts) as of this migration: the first window of 20
-- consecutive counted attempts, in time order, with planted flaws and clean drafts in it,
-- error-spotting (caught, mistyped included, / planted) >= 80 %, unneeded overrides (false
-- alarms / clean drafts) <= 20 % and false flags / marks <= 20 % (no marks is within it); days
-- are whole 24 h from the first counted attempt. Rates are compared as float8, as JavaScript does.
WITH counted AS (
  SELECT
    a.user_id,
    a.created_at,
    row_number() OVER (PARTITION BY a.user_id ORDER BY a.created_at, a.id) AS n,
    min(a.created_at) OVER (PARTITION BY a.user_id) AS first_at,
    jsonb_array_length(a.score -> 'flaws') AS planted,
    (SELECT count(*) FROM jsonb_array_elements(a.score -> 'flaws') AS flaw WHERE flaw ->> 'status' <> 'missed') AS caught,
    CASE WHEN (a.score ->> 'flawed')::boolean THEN 0 ELSE 1 END AS clean,
    CASE WHEN a.score ->> 'outcome' = 'false_alarm' THEN 1 ELSE 0 END AS false_alarm,
    (a.score -> 'counts' ->> 'marks')::int AS marks,
    (a.score -> 'counts' ->> 'falseFlags')::int AS false_flags
  FROM attempts a
  WHERE a.counted
),
windows AS (
  SELECT
    user_id, n, created_at, first_at,
    count(*) OVER w AS size,
    sum(planted) OVER w AS planted,
    sum(caught) OVER w AS caught,
    sum(clean) OVER w AS clean,
    sum(false_alarm) OVER w AS false_alarms,
    sum(marks) OVER w AS marks,
    sum(false_flags) OVER w AS false_flags
  FROM counted
  WINDOW w AS (PARTITION BY user_id ORDER BY n ROWS BETWEEN 19 PRECEDING AND CURRENT ROW)
),
reached AS (
  SELECT DISTINCT ON (user_id) user_id, n, created_at, first_at
  FROM windows
  WHERE size = 20
    AND planted > 0
    AND clean > 0
    AND caught::float8 / planted::float8 >= 0.8::float8
    AND false_alarms::float8 / clean::float8 <= 0.2::float8
    AND (marks = 0 OR false_flags::float8 / marks::float8 <= 0.2::float8)
  ORDER BY user_id, n
)
UPDATE agent_ratings
SET
  proficiency_reached_at = reached.created_at,
  proficiency_drills = reached.n,
  proficiency_days = floor((extract(epoch FROM reached.created_at) - extract(epoch FROM reached.first_at)) / 86400)::int
FROM reached
WHERE agent_ratings.user_id = reached.user_id AND agent_ratings.proficiency_reached_at IS NULL;
