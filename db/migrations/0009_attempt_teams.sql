-- Attempts made before teams were recorded: the agent's team now is the best record of it.
UPDATE "attempts" SET "team_id" = "users"."team_id" FROM "users" WHERE "users"."id" = "attempts"."user_id" AND "attempts"."team_id" IS NULL;
