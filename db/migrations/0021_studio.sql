ALTER TYPE "public"."drill_status" ADD VALUE 'draft' BEFORE 'active';--> statement-breakpoint
CREATE TABLE "studio_drafts" (
	"drill_id" text PRIMARY KEY NOT NULL,
	"source" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "drills" ALTER COLUMN "file" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "policies" ALTER COLUMN "file" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "drill_revisions" ADD COLUMN "published_by" integer;--> statement-breakpoint
ALTER TABLE "drills" ADD COLUMN "origin" text DEFAULT 'file' NOT NULL;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "origin" text DEFAULT 'file' NOT NULL;--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "source" text;--> statement-breakpoint
ALTER TABLE "studio_drafts" ADD CONSTRAINT "studio_drafts_drill_id_drills_id_fk" FOREIGN KEY ("drill_id") REFERENCES "public"."drills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "studio_drafts" ADD CONSTRAINT "studio_drafts_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drill_revisions" ADD CONSTRAINT "drill_revisions_published_by_users_id_fk" FOREIGN KEY ("published_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;