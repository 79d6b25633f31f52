CREATE TABLE "api_tokens" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
CREATE TABLE "assist_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"external_id" text NOT NULL,
	"user_id" integer NOT NULL,
	"team_id" integer NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"action" text NOT NULL,
	"suggestion_kind" text,
	"edit_ratio" real,
	"token_id" integer,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assist_rollups" (
	"team_id" integer NOT NULL,
	"user_id" integer NOT NULL,
	"week" date NOT NULL,
	"suggestion_kind" text NOT NULL,
	"accepted" integer DEFAULT 0 NOT NULL,
	"rejected" integer DEFAULT 0 NOT NULL,
	"edited_unknown_ratio" integer DEFAULT 0 NOT NULL,
	"edited_by_ratio" integer[] NOT NULL,
	CONSTRAINT "assist_rollups_team_id_user_id_week_suggestion_kind_pk" PRIMARY KEY("team_id","user_id","week","suggestion_kind")
);
--> statement-breakpoint
CREATE TABLE "insight_rollups" (
	"team_id" integer NOT NULL,
	"user_id" integer NOT NULL,
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
	"time_on_task_ms" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "insight_rollups_team_id_user_id_week_flaw_type_pk" PRIMARY KEY("team_id","user_id","week","flaw_type")
);
--> statement-breakpoint
ALTER TABLE "attempts" ADD COLUMN "team_id" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "agent_ref" text;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assist_events" ADD CONSTRAINT "assist_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assist_events" ADD CONSTRAINT "assist_events_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assist_rollups" ADD CONSTRAINT "assist_rollups_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assist_rollups" ADD CONSTRAINT "assist_rollups_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_rollups" ADD CONSTRAINT "insight_rollups_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "insight_rollups" ADD CONSTRAINT "insight_rollups_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "assist_events_external_id_unique" ON "assist_events" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "assist_events_team_time_idx" ON "assist_events" USING btree ("team_id","occurred_at");--> statement-breakpoint
CREATE INDEX "assist_rollups_week_idx" ON "assist_rollups" USING btree ("week","team_id");--> statement-breakpoint
CREATE INDEX "insight_rollups_week_idx" ON "insight_rollups" USING btree ("week","team_id");--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_agent_ref_unique" UNIQUE("agent_ref");