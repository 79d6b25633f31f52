-- What the attempt's transaction keeps from now on (0015; app/practice/ratings.server.ts), for
-- the history already there.
--
-- 1. The day streak (recordAttemptDay): the latest attempt's time (any attempt, counted or not)
-- and the number of consecutive UTC calendar days with an attempt ending on that attempt's day.
-- Walking back from the latest day, consecutive days keep day + (their rank, latest first) equal
-- to the latest day + 1; the first gap breaks it.
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
--> statement-breakpoint
-- 2. The thinned rating history (saveRatings): each agent's number of counted attempts, and the
-- rating after counted attempt number seq (in time order) for the first one and every
-- stride-th, the stride being ratingStride's: 1 up to 100 attempts, then the smallest power of
-- two from 2 that leaves at most 98 multiples.
WITH totals AS (
  SELECT user_id, count(*)::int AS n FROM attempts WHERE counted GROUP BY user_id
),
strides AS (
  SELECT user_id, n, (
    SELECT min(stride) FROM (SELECT (2 ^ k)::int AS stride FROM generate_series(0, 30) k) candidates
    WHERE CASE WHEN n <= 100 THEN stride = 1 ELSE stride >= 2 AND n / stride <= 98 END
  ) AS stride
  FROM totals
),
counted AS (
  UPDATE agent_ratings SET counted_attempts = strides.n FROM strides WHERE agent_ratings.user_id = strides.user_id RETURNING agent_ratings.user_id
),
numbered AS (
  SELECT a.user_id, a.created_at, a.agent_rating, row_number() OVER (PARTITION BY a.user_id ORDER BY a.created_at, a.id)::int AS seq
  FROM attempts a
  WHERE a.counted
)
INSERT INTO agent_rating_points (user_id, seq, at, rating)
SELECT numbered.user_id, numbered.seq, numbered.created_at, numbered.agent_rating
FROM numbered JOIN strides ON strides.user_id = numbered.user_id
WHERE numbered.seq = 1 OR numbered.seq % strides.stride = 0
ON CONFLICT (user_id, seq) DO NOTHING;
