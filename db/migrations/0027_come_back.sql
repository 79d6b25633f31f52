ALTER TABLE "agent_streaks" ADD COLUMN "working_days" integer[];--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "working_days" integer[] DEFAULT '{1,2,3,4,5}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "weekly_goal" integer DEFAULT 10 NOT NULL;