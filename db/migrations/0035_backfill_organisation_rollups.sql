-- The organisation rollups (0034) for the history already there, each only while still empty:
-- sums of the team rollups over every team.
INSERT INTO organisation_flaw_rollups (week, revision_id, flaw_index, drill_id, flaw_type, planted, caught, correctly_typed, missed, mistyped_as_hallucination, mistyped_as_missing_citation, mistyped_as_fabricated_citation, mistyped_as_restricted_data, mistyped_as_tone)
SELECT week, revision_id, flaw_index, min(drill_id), min(flaw_type), sum(planted), sum(caught), sum(correctly_typed), sum(missed), sum(mistyped_as_hallucination), sum(mistyped_as_missing_citation), sum(mistyped_as_fabricated_citation), sum(mistyped_as_restricted_data), sum(mistyped_as_tone)
FROM flaw_rollups
WHERE NOT EXISTS (SELECT 1 FROM organisation_flaw_rollups)
GROUP BY week, revision_id, flaw_index;
--> statement-breakpoint
INSERT INTO organisation_control_rollups (week, revision_id, drill_id, attempts, overridden)
SELECT week, revision_id, min(drill_id), sum(attempts), sum(overridden)
FROM control_rollups
WHERE NOT EXISTS (SELECT 1 FROM organisation_control_rollups)
GROUP BY week, revision_id;
