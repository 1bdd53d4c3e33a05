-- The most hostile and the most cooperative dyads over a period: directed country pairs ranked by the
-- sum of the Goldstein scores of their asserted events (lowest sum = most hostile).
--
-- $since       first day, YYYY-MM-DD (default: no lower bound)
-- $until       last day, YYYY-MM-DD (default: no upper bound)
-- $top         how many dyads of each kind (default: 10)
-- $min_events  leave out dyads with fewer events (default: 1)
WITH dyads AS (
    SELECT
        source_country,
        target_country,
        count(*)                 AS events,
        round(sum(goldstein), 2) AS goldstein_sum,
        round(avg(goldstein), 2) AS goldstein_mean
    FROM events
    WHERE modality = 'asserted'
      AND source_country IS NOT NULL AND target_country IS NOT NULL
      AND source_country <> target_country
      AND ($since IS NULL OR event_date >= CAST($since AS DATE))
      AND ($until IS NULL OR event_date <= CAST($until AS DATE))
    GROUP BY source_country, target_country
    HAVING count(*) >= coalesce(CAST($min_events AS INTEGER), 1)
),
ranked AS (
    SELECT
        *,
        row_number() OVER (ORDER BY goldstein_sum, source_country, target_country) AS hostile_rank,
        row_number() OVER (ORDER BY goldstein_sum DESC, source_country, target_country) AS cooperative_rank
    FROM dyads
)
SELECT stance, rank, source_country, target_country, events, goldstein_sum, goldstein_mean
FROM (
    SELECT 'hostile' AS stance, hostile_rank AS rank, * FROM ranked
    WHERE hostile_rank <= coalesce(CAST($top AS INTEGER), 10) AND goldstein_sum < 0
    UNION ALL
    SELECT 'cooperative', cooperative_rank, * FROM ranked
    WHERE cooperative_rank <= coalesce(CAST($top AS INTEGER), 10) AND goldstein_sum > 0
)
ORDER BY stance DESC, rank;
