CREATE TYPE "public"."drill_status" AS ENUM('active', 'needs_review', 'retired');--> statement-breakpoint
CREATE TABLE "drill_revisions" (
	"id" serial PRIMARY KEY NOT NULL,
	"drill_id" text NOT NULL,
	"revision" integer NOT NULL,
	"hash" text NOT NULL,
	"title" text NOT NULL,
	"locale" text NOT NULL,
	"channel" text NOT NULL,
	"difficulty" integer NOT NULL,
	"skills" jsonb NOT NULL,
	"flaw_types" jsonb NOT NULL,
	"content" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drills" (
	"id" text PRIMARY KEY NOT NULL,
	"file" text NOT NULL,
	"status" "drill_status" DEFAULT 'active' NOT NULL,
	"current_revision_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "policies" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"version" text NOT NULL,
	"effective" text NOT NULL,
	"file" text NOT NULL,
	"hash" text NOT NULL,
	"intro" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"retired_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "policy_sections" (
	"id" serial PRIMARY KEY NOT NULL,
	"policy_id" text NOT NULL,
	"anchor" text NOT NULL,
	"heading" text NOT NULL,
	"level" integer NOT NULL,
	"position" integer NOT NULL,
	"markdown" text NOT NULL,
	"hash" text NOT NULL,
	"version_no" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"superseded_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "drill_revisions" ADD CONSTRAINT "drill_revisions_drill_id_drills_id_fk" FOREIGN KEY ("drill_id") REFERENCES "public"."drills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "policy_sections" ADD CONSTRAINT "policy_sections_policy_id_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."policies"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "drill_revisions_drill_revision_unique" ON "drill_revisions" USING btree ("drill_id","revision");--> statement-breakpoint
CREATE UNIQUE INDEX "policy_sections_anchor_version_unique" ON "policy_sections" USING btree ("anchor","version_no");--> statement-breakpoint
CREATE INDEX "policy_sections_policy_idx" ON "policy_sections" USING btree ("policy_id");