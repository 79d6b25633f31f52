-- The stored day streak for agents with history (0016 created the table; from now on the
-- attempt's transaction keeps it, app/practice/ratings.server.ts recordAttemptDay): the latest
-- attempt's time (any attempt, counted or not) and the number of consecutive UTC calendar days
-- with an attempt ending on that attempt's day. Walking back from the latest day, consecutive
-- days keep day + (their rank, latest first) equal to the latest day + 1; the first gap breaks it.
WITH days AS (
  SELECT user_id, (created_at AT TIME ZONE 'UTC')::date AS day, max(created_at) AS last_at
  FROM attempts
  GROUP BY user_id, (created_at AT TIME ZONE 'UTC')::date
),
ranked AS (
  SELECT
    user_id,
    last_at,
    day + (row_number() OVER (PARTITION BY user_id ORDER BY day DESC))::int AS island,
    max(day) OVER (PARTITION BY user_id) + 1 AS latest_island
  FROM days
)
INSERT INTO agent_streaks (user_id, last_at, days)
SELECT user_id, max(last_at), (count(*) FILTER (WHERE island = latest_island))::int
FROM ranked
GROUP BY user_id
ON CONFLICT (user_id) DO NOTHING;
