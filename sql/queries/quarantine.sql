-- The quarantine: inputs that could not be ingested, at which stage and why, newest first.
--
-- $stage   discover, read, parse, validate, code or load (default: every stage)
-- $run_id  only items first seen in this run (default: every run)
-- $since   first seen on or after this day, YYYY-MM-DD (default: no lower bound)
SELECT
    quarantined_at,
    stage,
    reason,
    path,
    line,
    doc_id,
    excerpt,
    content_hash,
    run_id,
    quarantine_id
FROM quarantine
WHERE ($stage IS NULL OR stage = CAST($stage AS quarantine_stage))
  AND ($run_id IS NULL OR run_id = $run_id)
  AND ($since IS NULL OR quarantined_at >= CAST($since AS DATE))
ORDER BY quarantined_at DESC, path, line, quarantine_id;
