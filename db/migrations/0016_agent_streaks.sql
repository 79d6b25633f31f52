CREATE TABLE "agent_streaks" (
	"user_id" integer PRIMARY KEY NOT NULL,
	"last_at" timestamp with time zone NOT NULL,
	"days" integer
);
--> statement-breakpoint
ALTER TABLE "agent_streaks" ADD CONSTRAINT "agent_streaks_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;