CREATE TABLE "agent_tier_changes" (
	"attempt_id" integer PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"tier" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agent_tier_changes" ADD CONSTRAINT "agent_tier_changes_attempt_id_attempts_id_fk" FOREIGN KEY ("attempt_id") REFERENCES "public"."attempts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agent_tier_changes" ADD CONSTRAINT "agent_tier_changes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agent_tier_changes_user_at_idx" ON "agent_tier_changes" USING btree ("user_id","at");