-- Agents who have already answered a drill know the drill page: the walkthrough (0022) is for
-- first-time agents, so it counts as seen from their first attempt.
UPDATE "users" SET "walkthrough_seen_at" = first.at
FROM (SELECT "user_id", min("created_at") AS at FROM "attempts" GROUP BY "user_id") AS first
WHERE first."user_id" = "users"."id" AND "users"."walkthrough_seen_at" IS NULL;
