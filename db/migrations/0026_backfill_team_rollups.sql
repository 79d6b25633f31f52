-- The team-level rollups (0025) for the history already there, each only while still empty:
-- sums of the per-agent rollups, and the clean controls' first attempts from the attempts (a
-- week is the Monday of the attempt's ISO week in UTC, as isoWeekStart computes it).
INSERT INTO team_insight_rollups (team_id, week, flaw_type, attempts, planted, caught, correctly_typed, marks, false_flags, flawed_drafts, clean_drafts, hits, misses, false_alarms, correct_rejections, escalate_expected, escalated_when_expected, usable_rewrites, fix_planted, flaws_removed, points, time_on_task_ms)
SELECT team_id, week, flaw_type, sum(attempts), sum(planted), sum(caught), sum(correctly_typed), sum(marks), sum(false_flags), sum(flawed_drafts), sum(clean_drafts), sum(hits), sum(misses), sum(false_alarms), sum(correct_rejections), sum(escalate_expected), sum(escalated_when_expected), sum(usable_rewrites), sum(fix_planted), sum(flaws_removed), sum(points), sum(time_on_task_ms)
FROM insight_rollups
WHERE NOT EXISTS (SELECT 1 FROM team_insight_rollups)
GROUP BY team_id, week, flaw_type;
--> statement-breakpoint
INSERT INTO team_assist_rollups (team_id, week, suggestion_kind, accepted, rejected, edited_unknown_ratio, edited_by_ratio)
SELECT team_id, week, suggestion_kind, sum(accepted), sum(rejected), sum(edited_unknown_ratio),
       ARRAY[sum(edited_by_ratio[1]), sum(edited_by_ratio[2]), sum(edited_by_ratio[3]), sum(edited_by_ratio[4]), sum(edited_by_ratio[5]), sum(edited_by_ratio[6]), sum(edited_by_ratio[7]), sum(edited_by_ratio[8]), sum(edited_by_ratio[9]), sum(edited_by_ratio[10]), sum(edited_by_ratio[11]), sum(edited_by_ratio[12]), sum(edited_by_ratio[13]), sum(edited_by_ratio[14]), sum(edited_by_ratio[15]), sum(edited_by_ratio[16]), sum(edited_by_ratio[17]), sum(edited_by_ratio[18]), sum(edited_by_ratio[19]), sum(edited_by_ratio[20])]::int[]
FROM assist_rollups
WHERE NOT EXISTS (SELECT 1 FROM team_assist_rollups)
GROUP BY team_id, week, suggestion_kind;
--> statement-breakpoint
INSERT INTO control_rollups (team_id, week, revision_id, drill_id, attempts, overridden)
SELECT team_id, date_trunc('week', created_at AT TIME ZONE 'UTC')::date, revision_id, min(drill_id), count(*), count(*) FILTER (WHERE decision <> 'send')
FROM attempts
WHERE counted AND NOT flawed AND NOT EXISTS (SELECT 1 FROM control_rollups)
GROUP BY 1, 2, 3;
