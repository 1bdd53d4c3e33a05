-- Drone strikes per day, by target country: how many asserted strikes, how many drones, how many killed.
--
-- $country  target country, ISO alpha-3, e.g. UKR (default: every country)
-- $since    first day, YYYY-MM-DD (default: no lower bound)
-- $until    last day, YYYY-MM-DD (default: no upper bound)
SELECT
    event_date,
    target_country,
    count(*)         AS strikes,
    sum(quantity)    AS drones,       -- where the report says how many
    sum(fatalities)  AS fatalities    -- where the report says how many
FROM events
WHERE kind = 'drone_strike'
  AND modality = 'asserted'
  AND ($country IS NULL OR target_country = $country)
  AND ($since IS NULL OR event_date >= CAST($since AS DATE))
  AND ($until IS NULL OR event_date <= CAST($until AS DATE))
GROUP BY event_date, target_country
ORDER BY event_date, target_country;
