ALTER TABLE "agent_ratings" ADD COLUMN "proficiency_reached_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "agent_ratings" ADD COLUMN "proficiency_drills" integer;--> statement-breakpoint
ALTER TABLE "agent_ratings" ADD COLUMN "proficiency_days" integer;