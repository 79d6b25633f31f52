-- Attempts taken before "only the first attempt counts": every later attempt at the same drill stops counting.
UPDATE "attempts" AS later SET "counted" = false
WHERE EXISTS (
  SELECT 1 FROM "attempts" AS earlier
  WHERE earlier."user_id" = later."user_id" AND earlier."drill_id" = later."drill_id"
    AND (earlier."created_at" < later."created_at" OR (earlier."created_at" = later."created_at" AND earlier."id" < later."id"))
);--> statement-breakpoint
-- Answered served drills are closed when they were answered.
UPDATE "served_drills" AS served SET "closed_at" = answered."created_at"
FROM "attempts" AS answered WHERE answered."served_id" = served."id";--> statement-breakpoint
-- "At most one open served drill": of an agent's unanswered drills only the latest stays open.
UPDATE "served_drills" AS served SET "closed_at" = served."served_at"
WHERE served."closed_at" IS NULL AND EXISTS (
  SELECT 1 FROM "served_drills" AS newer
  WHERE newer."user_id" = served."user_id" AND newer."id" > served."id" AND newer."closed_at" IS NULL
);
