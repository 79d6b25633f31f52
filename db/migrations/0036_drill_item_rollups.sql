CREATE TABLE "drill_item_rollups" (
	"drill_id" text PRIMARY KEY NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"right_decisions" integer DEFAULT 0 NOT NULL,
	"rating_sum" double precision DEFAULT 0 NOT NULL,
	"rating_square_sum" double precision DEFAULT 0 NOT NULL,
	"right_rating_sum" double precision DEFAULT 0 NOT NULL,
	"lowest_rating" double precision NOT NULL,
	"highest_rating" double precision NOT NULL
);
--> statement-breakpoint
ALTER TABLE "drill_item_rollups" ADD CONSTRAINT "drill_item_rollups_drill_id_drills_id_fk" FOREIGN KEY ("drill_id") REFERENCES "public"."drills"("id") ON DELETE no action ON UPDATE no action;