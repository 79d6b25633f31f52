ALTER TABLE "attempts" ADD COLUMN "counted" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "served_drills" ADD COLUMN "closed_at" timestamp with time zone;