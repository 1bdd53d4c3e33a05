-- A sanctions timeline: sanctions imposed, relief and threats, in date order, each with its modality
-- (a threatened or planned sanction is not an imposed one).
--
-- $country  a country on either side, ISO alpha-3, e.g. RUS (default: every country)
-- $since    first day, YYYY-MM-DD (default: no lower bound)
-- $until    last day, YYYY-MM-DD (default: no upper bound)
SELECT
    event_date,
    CASE kind
        WHEN 'sanctions' THEN 'imposed'
        WHEN 'sanctions_relief' THEN 'relief'
        WHEN 'sanctions_threat' THEN 'threat'
    END AS step,
    modality,
    source_name,
    source_country,
    target_name,
    target_country,
    cameo_code,
    sentence,
    event_id
FROM events
WHERE kind IN ('sanctions', 'sanctions_relief', 'sanctions_threat')
  AND ($country IS NULL OR source_country = $country OR target_country = $country)
  AND ($since IS NULL OR event_date >= CAST($since AS DATE))
  AND ($until IS NULL OR event_date <= CAST($until AS DATE))
ORDER BY event_date NULLS LAST, event_id;
