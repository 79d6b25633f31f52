-- The drill list's item rollups (0036) for the history already there, only while still empty, as
-- rebuildItemRollups computes them: per drill, its counted attempts, right decisions (a hit or a
-- correct rejection) and the sums over the agent's rating before the attempt, less 1500.
INSERT INTO drill_item_rollups (drill_id, attempts, right_decisions, rating_sum, rating_square_sum, right_rating_sum, lowest_rating, highest_rating)
SELECT drill_id, count(*)::int, sum(r)::int, sum(y), sum(y * y), sum(r * y), min(y), max(y)
FROM (
  SELECT drill_id,
         CASE WHEN outcome IN ('hit', 'correct_rejection') THEN 1 ELSE 0 END AS r,
         agent_rating::float8 - agent_rating_delta::float8 - 1500 AS y
  FROM attempts
  WHERE counted
) counted
WHERE NOT EXISTS (SELECT 1 FROM drill_item_rollups)
GROUP BY drill_id;
