-- A stored drill carries one expected decision: `expected`, resolved to its default, replaces `expectedDecision`.
UPDATE "drill_revisions"
SET "content" = jsonb_set("content" - 'expectedDecision', '{expected}', "content"->'expectedDecision')
WHERE "content" ? 'expectedDecision';
