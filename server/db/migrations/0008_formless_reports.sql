ALTER TABLE "reports" ALTER COLUMN "form_code" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ALTER COLUMN "form_version" DROP NOT NULL;--> statement-breakpoint
-- A unit that saved activities, cases or progress for an issued notice without a statistics table gets its report,
-- submitted (accepted in an archived campaign) and dated at its last saved item, so offices keep seeing what they
-- saw when such items went up as saved.
INSERT INTO "reports" ("notice_id", "unit_id", "form_code", "form_version", "figures", "status", "submitted_at", "accepted_at", "created_at", "updated_at")
SELECT x.notice_id, x.unit_id, NULL, NULL, '{}'::numeric[],
       CASE WHEN c.archived THEN 'accepted' ELSE 'submitted' END, x.at, CASE WHEN c.archived THEN x.at END, x.at, x.at
FROM (
  SELECT i.notice_id, i.unit_id, max(i.at) AS at FROM (
    SELECT notice_id, unit_id, updated_at AS at FROM activities
    UNION ALL SELECT notice_id, unit_id, updated_at FROM typical_cases
    UNION ALL SELECT notice_id, unit_id, updated_at FROM progress_reports
  ) i GROUP BY i.notice_id, i.unit_id
) x
JOIN notices n ON n.id = x.notice_id AND n.form_code IS NULL AND n.status = 'issued'
JOIN campaigns c ON c.id = n.campaign_id
ON CONFLICT ("notice_id", "unit_id") DO NOTHING;
--> statement-breakpoint
-- A recipient that forwarded a notice or reported on it has acted on it: it counts as signed (and read) from then.
UPDATE notice_recipients r SET
  signed_at = s.at,
  read_at = coalesce(r.read_at, s.at)
FROM (
  SELECT r2.notice_id, r2.unit_id, least(
    (SELECT min(coalesce(c.issued_at, c.created_at)) FROM notices c
      WHERE c.parent_id = r2.notice_id AND c.issuer_unit_id = r2.unit_id AND c.status = 'issued'),
    (SELECT min(coalesce(rep.submitted_at, rep.created_at)) FROM reports rep
      WHERE rep.notice_id = r2.notice_id AND rep.unit_id = r2.unit_id AND rep.status <> 'draft')
  ) AS at
  FROM notice_recipients r2 WHERE r2.signed_at IS NULL
) s
WHERE r.notice_id = s.notice_id AND r.unit_id = s.unit_id AND s.at IS NOT NULL;
--> statement-breakpoint
-- 已报 now counts every submitted report, with or without figures: cached roll-ups were counted the old way.
DELETE FROM rollup_cache;
