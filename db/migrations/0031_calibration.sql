CREATE TABLE "calibration_rounds" (
	"id" serial PRIMARY KEY NOT NULL,
	"drill_id" text NOT NULL,
	"source" text NOT NULL,
	"source_hash" text NOT NULL,
	"draft_version" integer NOT NULL,
	"created_by" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calibration_takes" (
	"round_id" integer NOT NULL,
	"calibrator_id" integer NOT NULL,
	"invited_at" timestamp with time zone DEFAULT now() NOT NULL,
	"marks" jsonb,
	"decision" text,
	"time_on_task_ms" integer,
	"submitted_at" timestamp with time zone,
	CONSTRAINT "calibration_takes_round_id_calibrator_id_pk" PRIMARY KEY("round_id","calibrator_id")
);
--> statement-breakpoint
ALTER TABLE "calibration_rounds" ADD CONSTRAINT "calibration_rounds_drill_id_drills_id_fk" FOREIGN KEY ("drill_id") REFERENCES "public"."drills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_rounds" ADD CONSTRAINT "calibration_rounds_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_takes" ADD CONSTRAINT "calibration_takes_round_id_calibration_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."calibration_rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "calibration_takes" ADD CONSTRAINT "calibration_takes_calibrator_id_users_id_fk" FOREIGN KEY ("calibrator_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "calibration_rounds_drill_idx" ON "calibration_rounds" USING btree ("drill_id","id");--> statement-breakpoint
CREATE INDEX "calibration_takes_calibrator_idx" ON "calibration_takes" USING btree ("calibrator_id");