-- Weapons pauses and resumptions: halted and resumed arms deliveries per supplier and recipient. A
-- delivery is a resumption when the last asserted step between the two before it was a pause.
-- Every report is listed with its modality; only asserted ones set the phase of the next.
--
-- $supplier   supplying country, ISO alpha-3, e.g. USA (default: every country)
-- $recipient  receiving country, ISO alpha-3, e.g. UKR (default: every country)
-- $since      first day, YYYY-MM-DD (default: no lower bound)
-- $until      last day, YYYY-MM-DD (default: no upper bound)
WITH steps AS (
    SELECT
        *,
        last_value(CASE WHEN modality = 'asserted' THEN kind END IGNORE NULLS) OVER (
            PARTITION BY source_country, target_country
            ORDER BY event_date, event_id
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS previous_step
    FROM events
    WHERE kind IN ('weapons_pause', 'weapons_delivery')
      AND ($supplier IS NULL OR source_country = $supplier)
      AND ($recipient IS NULL OR target_country = $recipient)
)
SELECT
    event_date,
    CASE
        WHEN kind = 'weapons_pause' THEN 'pause'
        WHEN previous_step = 'weapons_pause' THEN 'resumption'
        ELSE 'delivery'
    END AS phase,
    modality,
    source_name AS supplier,
    source_country,
    target_name AS recipient,
    target_country,
    quantity,
    sentence,
    event_id
FROM steps
WHERE ($since IS NULL OR event_date >= CAST($since AS DATE))
  AND ($until IS NULL OR event_date <= CAST($until AS DATE))
ORDER BY event_date NULLS LAST, event_id;
