CREATE TABLE "agent_rating_points" (
	"user_id" integer NOT NULL,
	"seq" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"rating" real NOT NULL,
	CONSTRAINT "agent_rating_points_user_id_seq_pk" PRIMARY KEY("user_id","seq")
);
--> statement-breakpoint
CREATE TABLE "agent_streaks" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"days" integer
);
--> statement-breakpoint
ALTER TABLE "agent_ratings" ADD COLUMN "counted_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "agent_rating_points" ADD CONSTRAINT "agent_rating_points_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_streaks" ADD CONSTRAINT "agent_streaks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "attempts_user_drill_created_idx" ON "attempts" USING btree ("user_id","drill_id","created_at");