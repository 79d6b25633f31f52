DROP INDEX "agent_tier_changes_user_at_idx";--> statement-breakpoint
CREATE INDEX "agent_tier_changes_latest_idx" ON "agent_tier_changes" USING btree ("user_id","at","attempt_id");--> statement-breakpoint
CREATE INDEX "organisation_flaw_rollups_week_missed_idx" ON "organisation_flaw_rollups" USING btree ("week","drill_id","missed");