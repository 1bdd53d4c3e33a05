-- Phone calls between two countries' leaders, either way round, with the officials' roles that day.
-- Both sides are governments (sector GOV); every report is listed with its modality, so denied or
-- planned calls show up next to the calls that happened.
--
-- $a      one country, ISO alpha-3, e.g. USA (required)
-- $b      the other country, ISO alpha-3, e.g. RUS (required)
-- $since  first day, YYYY-MM-DD (default: no lower bound)
-- $until  last day, YYYY-MM-DD (default: no upper bound)
WITH calls AS (
    SELECT *
    FROM events
    WHERE kind = 'phone_call'
      AND source_sector = 'GOV' AND target_sector = 'GOV'
      AND ((source_country = $a AND target_country = $b) OR (source_country = $b AND target_country = $a))
      AND ($since IS NULL OR event_date >= CAST($since AS DATE))
      AND ($until IS NULL OR event_date <= CAST($until AS DATE))
),
-- the office a person held on the day of the call, from the actor dictionary
roles AS (
    SELECT name, role_title, role_start, role_end FROM actors WHERE kind = 'person'
)
SELECT
    c.event_date,
    c.modality,
    c.source_name,
    (SELECT any_value(r.role_title) FROM roles AS r
      WHERE r.name = c.source_name AND c.event_date >= r.role_start
        AND (r.role_end IS NULL OR c.event_date < r.role_end)) AS source_role,
    c.source_country,
    c.target_name,
    (SELECT any_value(r.role_title) FROM roles AS r
      WHERE r.name = c.target_name AND c.event_date >= r.role_start
        AND (r.role_end IS NULL OR c.event_date < r.role_end)) AS target_role,
    c.target_country,
    c.sentence,
    c.event_id
FROM calls AS c
ORDER BY c.event_date NULLS LAST, c.event_id;
