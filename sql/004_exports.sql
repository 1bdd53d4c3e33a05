-- 004 exports: asserted events in the shape of ACLED and of GDELT 2.0 (events and mentions), with
-- their column names in their order. A column we have no value for is NULL, never dropped, so files
-- line up with the originals. `eventpipe export --style acled|gdelt-events|gdelt-mentions` writes them.
--
-- Deviations worth knowing: identifiers (event_id_cnty, GLOBALEVENTID) are our string event_id;
-- country codes are ISO alpha-3 (GDELT uses CAMEO country codes in actor fields and FIPS 10-4 in geo
-- fields); dates added and ACLED timestamps are the start of the run that last changed the event.

-- ACLED's actor category (inter1/inter2) from a CAMEO sector: 1 state forces (8 when acting outside
-- their own country), 2 rebel groups, 7 civilians, 8 external/other forces (international bodies),
-- 0 no actor, NULL unknown. A state actor without a sector (code = its country) counts as the state.
CREATE MACRO acled_inter(code, sector, actor_country, place_country) AS
    CASE
        WHEN code IS NULL THEN 0
        WHEN sector IN ('GOV', 'MIL', 'COP', 'SPY') OR (sector IS NULL AND code = actor_country) THEN
            CASE WHEN place_country IS NULL OR actor_country = place_country THEN 1 ELSE 8 END
        WHEN sector IN ('REB', 'INS', 'SEP') THEN 2
        WHEN sector IN ('CVL', 'REF', 'MED', 'EDU', 'HLH', 'NGO', 'HRI', 'LAB', 'AGR', 'REL', 'BUS') THEN 7
        WHEN sector = 'IGO' THEN 8
    END;

-- ACLED's interaction: the two inter codes, the lower first; a lone actor is its code times ten.
CREATE MACRO acled_interaction(inter1, inter2) AS
    CASE
        WHEN inter1 IS NULL OR inter2 IS NULL THEN NULL
        WHEN least(inter1, inter2) = 0 THEN greatest(inter1, inter2) * 10
        ELSE least(inter1, inter2) * 10 + greatest(inter1, inter2)
    END;

-- GDELT's YYYYMMDDHHMMSS integers.
CREATE MACRO gdelt_datetime(ts) AS CAST(strftime(ts, '%Y%m%d%H%M%S') AS BIGINT);

CREATE VIEW export_acled AS
WITH coded AS (
    SELECT
        e.*,
        acled_inter(e.source_code, e.source_sector, e.source_country, e.location_country) AS inter1,
        acled_inter(e.target_code, e.target_sector, e.target_country, e.location_country) AS inter2
    FROM events AS e
    WHERE e.modality = 'asserted' AND e.acled_event_type IS NOT NULL
)
SELECT
    e.event_id                                   AS event_id_cnty,
    e.event_date                                 AS event_date,
    year(e.event_date)                           AS year,
    CASE e.date_precision WHEN 'day' THEN 1 WHEN 'week' THEN 2 WHEN 'month' THEN 3 WHEN 'year' THEN 3
    END                                          AS time_precision,
    CAST(e.acled_disorder_type AS VARCHAR)       AS disorder_type,
    CAST(e.acled_event_type AS VARCHAR)          AS event_type,
    CAST(e.acled_sub_event_type AS VARCHAR)      AS sub_event_type,
    e.source_name                                AS actor1,
    CAST(NULL AS VARCHAR)                        AS assoc_actor_1,
    e.inter1                                     AS inter1,
    e.target_name                                AS actor2,
    CAST(NULL AS VARCHAR)                        AS assoc_actor_2,
    e.inter2                                     AS inter2,
    acled_interaction(e.inter1, e.inter2)        AS interaction,
    CASE WHEN e.civilian_targeting THEN 'Civilian targeting' END AS civilian_targeting,
    place.iso_numeric                            AS iso,
    CAST(NULL AS VARCHAR)                        AS region,
    coalesce(place.name, e.location_country)     AS country,
    e.location_admin1                            AS admin1,
    CAST(NULL AS VARCHAR)                        AS admin2,
    CAST(NULL AS VARCHAR)                        AS admin3,
    e.location_name                              AS location,
    e.latitude                                   AS latitude,
    e.longitude                                  AS longitude,
    e.geo_precision                              AS geo_precision,
    doc.source                                   AS source,
    CAST(NULL AS VARCHAR)                        AS source_scale,
    e.sentence                                   AS notes,
    e.fatalities                                 AS fatalities,
    CAST(NULL AS VARCHAR)                        AS tags,
    CAST(epoch(run.started_at) AS BIGINT)        AS timestamp
FROM coded AS e
LEFT JOIN documents AS doc ON doc.doc_id = e.doc_id
LEFT JOIN runs AS run ON run.run_id = e.run_id
LEFT JOIN actors AS place ON place.kind = 'country' AND place.actor_id = e.location_country
ORDER BY e.event_date NULLS LAST, e.event_id;

CREATE VIEW export_gdelt_events AS
SELECT
    e.event_id                                   AS GLOBALEVENTID,
    CAST(strftime(e.event_date, '%Y%m%d') AS INTEGER) AS SQLDATE,
    year(e.event_date) * 100 + month(e.event_date) AS MonthYear,
    year(e.event_date)                           AS Year,
    round(year(e.event_date) + (month(e.event_date) * 30 + day(e.event_date)) / 365.0, 4) AS FractionDate,
    e.source_code                                AS Actor1Code,
    e.source_name                                AS Actor1Name,
    e.source_country                             AS Actor1CountryCode,
    CAST(NULL AS VARCHAR)                        AS Actor1KnownGroupCode,
    CAST(NULL AS VARCHAR)                        AS Actor1EthnicCode,
    CAST(NULL AS VARCHAR)                        AS Actor1Religion1Code,
    CAST(NULL AS VARCHAR)                        AS Actor1Religion2Code,
    e.source_sector                              AS Actor1Type1Code,
    CAST(NULL AS VARCHAR)                        AS Actor1Type2Code,
    CAST(NULL AS VARCHAR)                        AS Actor1Type3Code,
    e.target_code                                AS Actor2Code,
    e.target_name                                AS Actor2Name,
    e.target_country                             AS Actor2CountryCode,
    CAST(NULL AS VARCHAR)                        AS Actor2KnownGroupCode,
    CAST(NULL AS VARCHAR)                        AS Actor2EthnicCode,
    CAST(NULL AS VARCHAR)                        AS Actor2Religion1Code,
    CAST(NULL AS VARCHAR)                        AS Actor2Religion2Code,
    e.target_sector                              AS Actor2Type1Code,
    CAST(NULL AS VARCHAR)                        AS Actor2Type2Code,
    CAST(NULL AS VARCHAR)                        AS Actor2Type3Code,
    -- GDELT: reported in the lead; here: in the headline or the first sentence after it
    CAST(e.sentence_index <= 1 AS INTEGER)       AS IsRootEvent,
    e.cameo_code                                 AS EventCode,
    e.cameo_code[1:3]                            AS EventBaseCode,
    e.cameo_root                                 AS EventRootCode,
    e.quad_class                                 AS QuadClass,
    e.goldstein                                  AS GoldsteinScale,
    e.mention_count                              AS NumMentions,
    1                                            AS NumSources,
    1                                            AS NumArticles,
    CAST(NULL AS DOUBLE)                         AS AvgTone,
    CAST(NULL AS INTEGER)                        AS Actor1Geo_Type,
    CAST(NULL AS VARCHAR)                        AS Actor1Geo_FullName,
    CAST(NULL AS VARCHAR)                        AS Actor1Geo_CountryCode,
    CAST(NULL AS VARCHAR)                        AS Actor1Geo_ADM1Code,
    CAST(NULL AS VARCHAR)                        AS Actor1Geo_ADM2Code,
    CAST(NULL AS DOUBLE)                         AS Actor1Geo_Lat,
    CAST(NULL AS DOUBLE)                         AS Actor1Geo_Long,
    CAST(NULL AS VARCHAR)                        AS Actor1Geo_FeatureID,
    CAST(NULL AS INTEGER)                        AS Actor2Geo_Type,
    CAST(NULL AS VARCHAR)                        AS Actor2Geo_FullName,
    CAST(NULL AS VARCHAR)                        AS Actor2Geo_CountryCode,
    CAST(NULL AS VARCHAR)                        AS Actor2Geo_ADM1Code,
    CAST(NULL AS VARCHAR)                        AS Actor2Geo_ADM2Code,
    CAST(NULL AS DOUBLE)                         AS Actor2Geo_Lat,
    CAST(NULL AS DOUBLE)                         AS Actor2Geo_Long,
    CAST(NULL AS VARCHAR)                        AS Actor2Geo_FeatureID,
    -- 1 country, 2 US state, 3 US city, 4 world city, 5 world state (ADM1)
    CASE
        WHEN e.location_name IS NULL THEN NULL
        WHEN e.geo_precision = 3 AND e.location_admin1 IS NULL THEN 1
        WHEN e.location_country = 'USA' THEN CASE WHEN e.geo_precision = 3 THEN 2 ELSE 3 END
        WHEN e.geo_precision = 3 THEN 5
        ELSE 4
    END                                          AS ActionGeo_Type,
    concat_ws(', ', e.location_name, e.location_admin1) AS ActionGeo_FullName,
    e.location_country                           AS ActionGeo_CountryCode,
    CAST(NULL AS VARCHAR)                        AS ActionGeo_ADM1Code,
    CAST(NULL AS VARCHAR)                        AS ActionGeo_ADM2Code,
    e.latitude                                   AS ActionGeo_Lat,
    e.longitude                                  AS ActionGeo_Long,
    CAST(NULL AS VARCHAR)                        AS ActionGeo_FeatureID,
    gdelt_datetime(run.started_at)               AS DATEADDED,
    doc.url                                      AS SOURCEURL
FROM events AS e
LEFT JOIN documents AS doc ON doc.doc_id = e.doc_id
LEFT JOIN runs AS run ON run.run_id = e.run_id
WHERE e.modality = 'asserted'
ORDER BY e.event_date NULLS LAST, e.event_id;

CREATE VIEW export_gdelt_mentions AS
SELECT
    m.event_id                                   AS GLOBALEVENTID,
    gdelt_datetime(run.started_at)               AS EventTimeDate,
    coalesce(gdelt_datetime(doc.published_at), gdelt_datetime(run.started_at)) AS MentionTimeDate,
    1                                            AS MentionType,   -- 1 web
    doc.source                                   AS MentionSourceName,
    coalesce(doc.url, m.doc_id)                  AS MentionIdentifier,
    m.sentence_index + 1                         AS SentenceID,    -- GDELT counts from 1
    -1                                           AS Actor1CharOffset,
    -1                                           AS Actor2CharOffset,
    m.char_start                                 AS ActionCharOffset,
    1                                            AS InRawText,
    CAST(round(e.confidence * 100) AS INTEGER)   AS Confidence,
    length(doc.text)                             AS MentionDocLen,
    CAST(NULL AS DOUBLE)                         AS MentionDocTone,
    CAST(NULL AS VARCHAR)                        AS MentionDocTranslationInfo,
    CAST(NULL AS VARCHAR)                        AS Extras
FROM event_mentions AS m
JOIN events AS e ON e.event_id = m.event_id
LEFT JOIN documents AS doc ON doc.doc_id = m.doc_id
LEFT JOIN runs AS run ON run.run_id = e.run_id
WHERE e.modality = 'asserted'
ORDER BY m.event_id, m.mention_index;
