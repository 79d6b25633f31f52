CREATE TABLE "organisation_control_rollups" (
	"week" date NOT NULL,
	"revision_id" integer NOT NULL,
	"drill_id" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"overridden" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "organisation_control_rollups_week_revision_id_pk" PRIMARY KEY("week","revision_id")
);
--> statement-breakpoint
CREATE TABLE "organisation_flaw_rollups" (
	"week" date NOT NULL,
	"revision_id" integer NOT NULL,
	"flaw_index" integer NOT NULL,
	"drill_id" text NOT NULL,
	"flaw_type" text NOT NULL,
	"planted" integer DEFAULT 0 NOT NULL,
	"caught" integer DEFAULT 0 NOT NULL,
	"correctly_typed" integer DEFAULT 0 NOT NULL,
	"missed" integer DEFAULT 0 NOT NULL,
	"mistyped_as_hallucination" integer DEFAULT 0 NOT NULL,
	"mistyped_as_missing_citation" integer DEFAULT 0 NOT NULL,
	"mistyped_as_fabricated_citation" integer DEFAULT 0 NOT NULL,
	"mistyped_as_restricted_data" integer DEFAULT 0 NOT NULL,
	"mistyped_as_tone" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "organisation_flaw_rollups_week_revision_id_flaw_index_pk" PRIMARY KEY("week","revision_id","flaw_index")
);
--> statement-breakpoint
ALTER TABLE "organisation_control_rollups" ADD CONSTRAINT "organisation_control_rollups_revision_id_drill_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."drill_revisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_flaw_rollups" ADD CONSTRAINT "organisation_flaw_rollups_revision_id_drill_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."drill_revisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "organisation_flaw_rollups_drill_week_idx" ON "organisation_flaw_rollups" USING btree ("drill_id","week");