CREATE TABLE "near_miss_lookup_failures" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"client_hash" text NOT NULL,
	"failed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "near_miss_messages" (
	"report_id" text NOT NULL,
	"position" integer NOT NULL,
	"kind" text NOT NULL,
	"body" text NOT NULL,
	"redactions" jsonb NOT NULL,
	"week" text NOT NULL,
	"to_status" text,
	"is_feedback" boolean DEFAULT false NOT NULL,
	CONSTRAINT "near_miss_messages_report_id_position_pk" PRIMARY KEY("report_id","position")
);
--> statement-breakpoint
CREATE TABLE "near_miss_quota" (
	"key_hash" text PRIMARY KEY NOT NULL,
	"day" text NOT NULL,
	"used" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "near_miss_report_sections" (
	"report_id" text NOT NULL,
	"anchor" text NOT NULL,
	CONSTRAINT "near_miss_report_sections_report_id_anchor_pk" PRIMARY KEY("report_id","anchor")
);
--> statement-breakpoint
CREATE TABLE "near_miss_reports" (
	"id" text PRIMARY KEY NOT NULL,
	"receipt_hash" text NOT NULL,
	"week" text NOT NULL,
	"category" text NOT NULL,
	"severity" text NOT NULL,
	"tool" text NOT NULL,
	"what_happened" text NOT NULL,
	"redactions" jsonb NOT NULL,
	"team_id" integer,
	"status" text DEFAULT 'new' NOT NULL,
	"acknowledged_week" text,
	"feedback_week" text,
	CONSTRAINT "near_miss_reports_receipt_hash_unique" UNIQUE("receipt_hash")
);
--> statement-breakpoint
ALTER TABLE "near_miss_messages" ADD CONSTRAINT "near_miss_messages_report_id_near_miss_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."near_miss_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "near_miss_report_sections" ADD CONSTRAINT "near_miss_report_sections_report_id_near_miss_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."near_miss_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "near_miss_reports" ADD CONSTRAINT "near_miss_reports_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "near_miss_lookup_failures_client_time_idx" ON "near_miss_lookup_failures" USING btree ("client_hash","failed_at");--> statement-breakpoint
CREATE INDEX "near_miss_report_sections_anchor_idx" ON "near_miss_report_sections" USING btree ("anchor");--> statement-breakpoint
CREATE INDEX "near_miss_reports_week_idx" ON "near_miss_reports" USING btree ("week");--> statement-breakpoint
CREATE INDEX "near_miss_reports_status_idx" ON "near_miss_reports" USING btree ("status");