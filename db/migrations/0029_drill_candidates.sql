CREATE TABLE "drill_candidates" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"external_id" text NOT NULL,
	"status" text NOT NULL,
	"customer_message" text,
	"ai_draft" text,
	"sent_reply" text,
	"locale" text,
	"policy_refs" jsonb NOT NULL,
	"redactions" jsonb NOT NULL,
	"token_id" bigint,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"drill_id" text
);
--> statement-breakpoint
ALTER TABLE "drill_candidates" ADD CONSTRAINT "drill_candidates_token_id_api_tokens_id_fk" FOREIGN KEY ("token_id") REFERENCES "public"."api_tokens"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "drill_candidates" ADD CONSTRAINT "drill_candidates_drill_id_drills_id_fk" FOREIGN KEY ("drill_id") REFERENCES "public"."drills"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "drill_candidates_external_id_unique" ON "drill_candidates" USING btree ("external_id");--> statement-breakpoint
CREATE INDEX "drill_candidates_status_idx" ON "drill_candidates" USING btree ("status","id");