-- 003 views: what analysts read by default. Only asserted events count as events (CONTRACT.md); the
-- others stay in the events table with their modality.

-- The default analyst view: asserted events with the names of their codes and their document.
CREATE VIEW asserted_events AS
SELECT
    e.event_id,
    e.event_date,
    e.date_precision,
    e.kind,
    e.cameo_code,
    code.name       AS cameo_name,
    e.cameo_root,
    root.name       AS cameo_root_name,
    e.quad_class,
    quad.name       AS quad_class_name,
    e.goldstein,
    e.plover_type,
    e.plover_mode,
    e.acled_disorder_type,
    e.acled_event_type,
    e.acled_sub_event_type,
    e.source_code, e.source_name, e.source_country, e.source_sector,
    e.target_code, e.target_name, e.target_country, e.target_sector,
    e.location_name, e.location_country, e.location_admin1,
    e.latitude, e.longitude, e.geo_precision,
    e.quantity,
    e.fatalities,
    e.civilian_targeting,
    e.confidence,
    e.mention_count,
    e.sentence,
    e.date_text,
    e.rule_id,
    e.dictionary_version,
    e.doc_id,
    doc.title       AS doc_title,
    doc.source      AS doc_source,
    doc.url         AS doc_url,
    doc.published_at
FROM events AS e
LEFT JOIN cameo_codes AS code ON code.code = e.cameo_code
LEFT JOIN cameo_codes AS root ON root.code = e.cameo_root
LEFT JOIN quad_classes AS quad ON quad.quad_class = e.quad_class
LEFT JOIN documents AS doc ON doc.doc_id = e.doc_id
WHERE e.modality = 'asserted';

-- Daily counts and Goldstein sums per directed dyad and CAMEO root (asserted, dated events).
CREATE VIEW dyad_daily AS
SELECT
    event_date,
    source_country,
    target_country,
    cameo_root,
    count(*)           AS events,
    sum(goldstein)     AS goldstein_sum,
    sum(mention_count) AS mentions
FROM events
WHERE modality = 'asserted' AND event_date IS NOT NULL
GROUP BY event_date, source_country, target_country, cameo_root;

-- Conflict and cooperation per day: one row per day and quad class (asserted, dated events).
CREATE VIEW quad_daily AS
WITH daily AS (
    SELECT event_date, quad_class, count(*) AS events, sum(goldstein) AS goldstein_sum
    FROM events
    WHERE modality = 'asserted' AND event_date IS NOT NULL
    GROUP BY event_date, quad_class
)
SELECT daily.event_date, daily.quad_class, quad.name AS quad_class_name, quad.stance,
       daily.events, daily.goldstein_sum
FROM daily
JOIN quad_classes AS quad USING (quad_class);
