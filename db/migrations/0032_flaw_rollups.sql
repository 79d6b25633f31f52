CREATE TABLE "flaw_rollups" (
	"team_id" integer NOT NULL,
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
	CONSTRAINT "flaw_rollups_team_id_week_revision_id_flaw_index_pk" PRIMARY KEY("team_id","week","revision_id","flaw_index")
);
--> statement-breakpoint
ALTER TABLE "flaw_rollups" ADD CONSTRAINT "flaw_rollups_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "flaw_rollups" ADD CONSTRAINT "flaw_rollups_revision_id_drill_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."drill_revisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "flaw_rollups_week_idx" ON "flaw_rollups" USING btree ("week","team_id");