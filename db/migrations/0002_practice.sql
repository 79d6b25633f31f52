CREATE TABLE "agent_ratings" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"rating" real NOT NULL,
	"rd" real NOT NULL,
	"volatility" real NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "assignment_drills" (
	"assignment_id" integer NOT NULL,
	"drill_id" text NOT NULL,
	"position" integer NOT NULL,
	CONSTRAINT "assignment_drills_assignment_id_drill_id_pk" PRIMARY KEY("assignment_id","drill_id")
);
--> statement-breakpoint
CREATE TABLE "assignment_teams" (
	"assignment_id" integer NOT NULL,
	"team_id" integer NOT NULL,
	CONSTRAINT "assignment_teams_assignment_id_team_id_pk" PRIMARY KEY("assignment_id","team_id")
);
--> statement-breakpoint
CREATE TABLE "assignments" (
	"id" serial PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"created_by" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"filter" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "attempts" (
	"id" serial PRIMARY KEY NOT NULL,
	"client_id" text NOT NULL,
	"user_id" integer NOT NULL,
	"drill_id" text NOT NULL,
	"revision_id" integer NOT NULL,
	"served_id" integer NOT NULL,
	"assignment_id" integer,
	"decision" text NOT NULL,
	"marks" jsonb NOT NULL,
	"rewrite" text,
	"escalation_reason" text,
	"time_on_task_ms" integer NOT NULL,
	"result" jsonb NOT NULL,
	"flawed" boolean NOT NULL,
	"outcome" text NOT NULL,
	"points" integer NOT NULL,
	"game_score" real NOT NULL,
	"agent_rating" real NOT NULL,
	"agent_rating_delta" real NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drill_ratings" (
	"drill_id" text PRIMARY KEY NOT NULL,
	"rating" real NOT NULL,
	"rd" real NOT NULL,
	"volatility" real NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "review_cards" (
	"user_id" integer NOT NULL,
	"kind" text NOT NULL,
	"key" text NOT NULL,
	"card" jsonb NOT NULL,
	"due" timestamp with time zone NOT NULL,
	CONSTRAINT "review_cards_user_id_kind_key_pk" PRIMARY KEY("user_id","kind","key")
);
--> statement-breakpoint
CREATE TABLE "served_drills" (
	"id" serial PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"drill_id" text NOT NULL,
	"revision_id" integer NOT NULL,
	"reason" text NOT NULL,
	"is_control" boolean NOT NULL,
	"assignment_id" integer,
	"served_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "policies" ADD COLUMN "restricted" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_ratings" ADD CONSTRAINT "agent_ratings_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_drills" ADD CONSTRAINT "assignment_drills_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_drills" ADD CONSTRAINT "assignment_drills_drill_id_drills_id_fk" FOREIGN KEY ("drill_id") REFERENCES "public"."drills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_teams" ADD CONSTRAINT "assignment_teams_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignment_teams" ADD CONSTRAINT "assignment_teams_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "assignments" ADD CONSTRAINT "assignments_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_drill_id_drills_id_fk" FOREIGN KEY ("drill_id") REFERENCES "public"."drills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_revision_id_drill_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."drill_revisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_served_id_served_drills_id_fk" FOREIGN KEY ("served_id") REFERENCES "public"."served_drills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "attempts" ADD CONSTRAINT "attempts_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drill_ratings" ADD CONSTRAINT "drill_ratings_drill_id_drills_id_fk" FOREIGN KEY ("drill_id") REFERENCES "public"."drills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "review_cards" ADD CONSTRAINT "review_cards_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "served_drills" ADD CONSTRAINT "served_drills_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "served_drills" ADD CONSTRAINT "served_drills_drill_id_drills_id_fk" FOREIGN KEY ("drill_id") REFERENCES "public"."drills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "served_drills" ADD CONSTRAINT "served_drills_revision_id_drill_revisions_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."drill_revisions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "served_drills" ADD CONSTRAINT "served_drills_assignment_id_assignments_id_fk" FOREIGN KEY ("assignment_id") REFERENCES "public"."assignments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "attempts_user_client_unique" ON "attempts" USING btree ("user_id","client_id");--> statement-breakpoint
CREATE UNIQUE INDEX "attempts_served_unique" ON "attempts" USING btree ("served_id");--> statement-breakpoint
CREATE INDEX "attempts_user_created_idx" ON "attempts" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "review_cards_due_idx" ON "review_cards" USING btree ("user_id","due");--> statement-breakpoint
CREATE INDEX "served_drills_user_idx" ON "served_drills" USING btree ("user_id","served_at");