ALTER TABLE "teams" ADD COLUMN "practice_languages" text[] DEFAULT '{en}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "practice_languages" text[];