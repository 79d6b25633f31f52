CREATE TABLE "control_rollups" (
	"team_id" integer NOT NULL,
	"week" date NOT NULL,
	"revision_id" integer NOT NULL,
	"drill_id" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"overridden" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "control_rollups_team_id_week_revision_id_pk" PRIMARY KEY("team_id","week","revision_id")
);
--> statement-breakpoint
CREATE TABLE "team_assist_rollups" (
	"team_id" integer NOT NULL,
	"week" date NOT NULL,
	"suggestion_kind" text NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"edited_unknown_ratio" integer DEFAULT 0 NOT NULL,
	"edited_by_ratio" integer[] NOT NULL,
	CONSTRAINT "team_assist_rollups_team_id_week_suggestion_kind_pk" PRIMARY KEY("team_id","week","suggestion_kind")
);
--> statement-breakpoint
CREATE TABLE "team_insight_rollups" (
	"team_id" integer NOT NULL,
	"week" date NOT NULL,
	"flaw_type" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"planted" integer DEFAULT 0 NOT NULL,
	"caught" integer DEFAULT 0 NOT NULL,
	"correctly_typed" integer DEFAULT 0 NOT NULL,
	"marks" integer DEFAULT 0 NOT NULL,
	"false_flags" integer DEFAULT 0 NOT NULL,
	"flawed_drafts" integer DEFAULT 0 NOT NULL,
	"clean_drafts" integer DEFAULT 0 NOT NULL,
	"hits" integer DEFAULT 0 NOT NULL,
	"misses" integer DEFAULT 0 NOT NULL,
	"false_alarms" integer DEFAULT 0 NOT NULL,
	"correct_rejections" integer DEFAULT 0 NOT NULL,
	"escalate_expected" integer DEFAULT 0 NOT NULL,
	"escalated_when_expected" integer DEFAULT 0 NOT NULL,
	"usable_rewrites" integer DEFAULT 0 NOT NULL,
	"fix_planted" integer DEFAULT 0 NOT NULL,
	"flaws_removed" integer DEFAULT 0 NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"time_on_task_ms" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "team_insight_rollups_team_id_week_flaw_type_pk" PRIMARY KEY("team_id","week","flaw_type")
);
--> statement-breakpoint
ALTER TABLE "control_rollups" ADD CONSTRAINT "control_rollups_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "control_rollups" ADD CONSTRAINT "control_rollups_revision_id_drill_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."drill_revisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_assist_rollups" ADD CONSTRAINT "team_assist_rollups_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_insight_rollups" ADD CONSTRAINT "team_insight_rollups_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "control_rollups_week_idx" ON "control_rollups" USING btree ("week","team_id");--> statement-breakpoint
CREATE INDEX "insight_rollups_active_idx" ON "insight_rollups" USING btree ("week","team_id","user_id") WHERE "insight_rollups"."flaw_type" = 'all' and "insight_rollups"."attempts" > 0;