-- 001 core: the closed sets, the loaded records (documents, events, mentions), quarantine and runs.
--
-- The ENUM types mirror eventpipe.schemas.enums (tests/test_warehouse_schema.py keeps them in step).
-- Small tables declare PRIMARY KEYs. The two bulk tables (events, event_mentions) name their key in a
-- comment instead: the loader keeps it unique (warehouse/load.py), because an index on them would
-- halve the load rate. References between tables are kept by the loader too, not by FOREIGN KEYs,
-- since a recode replaces a document's events as a set inside one transaction.

CREATE TYPE modality AS ENUM (
    'asserted', 'negated', 'denied', 'planned', 'hypothetical', 'conditional', 'opposed', 'requested',
    'alleged');

CREATE TYPE date_precision AS ENUM ('day', 'week', 'month', 'year');

CREATE TYPE acled_disorder_type AS ENUM (
    'Political violence', 'Demonstrations', 'Strategic developments');

CREATE TYPE acled_event_type AS ENUM (
    'Battles', 'Explosions/Remote violence', 'Violence against civilians', 'Protests', 'Riots',
    'Strategic developments');

CREATE TYPE acled_sub_event_type AS ENUM (
    'Armed clash', 'Government regains territory', 'Non-state actor overtakes territory',
    'Chemical weapon', 'Air/drone strike', 'Suicide bomb', 'Shelling/artillery/missile attack',
    'Remote explosive/landmine/IED', 'Grenade', 'Sexual violence', 'Attack',
    'Abduction/forced disappearance', 'Peaceful protest', 'Protest with intervention',
    'Excessive force against protesters', 'Violent demonstration', 'Mob violence', 'Agreement',
    'Arrests', 'Change to group/activity', 'Disrupted weapons use',
    'Headquarters or base established', 'Looting/property destruction',
    'Non-violent transfer of territory', 'Other');

CREATE TYPE quarantine_stage AS ENUM ('discover', 'read', 'parse', 'validate', 'code', 'load');

CREATE TYPE run_status AS ENUM ('running', 'succeeded', 'failed');

-- One row per load run (each `eventpipe run`, or each caller of warehouse.load). Times are UTC.
CREATE TABLE runs (
    run_id             VARCHAR PRIMARY KEY,
    started_at         TIMESTAMP NOT NULL,
    finished_at        TIMESTAMP,
    inputs             VARCHAR[],            -- the paths the run was given
    dictionary_version VARCHAR,
    documents          BIGINT NOT NULL DEFAULT 0,   -- documents in the run's batches
    events             BIGINT NOT NULL DEFAULT 0,   -- events in the run's batches
    quarantined        BIGINT NOT NULL DEFAULT 0,   -- quarantine items in the run's batches
    status             run_status NOT NULL DEFAULT 'running'
);

-- The input documents (CONTRACT.md, "Input document"). run_id is the run that last changed the row.
CREATE TABLE documents (
    doc_id             VARCHAR PRIMARY KEY,
    title              VARCHAR,
    source             VARCHAR,
    url                VARCHAR,
    published_at       DATE,
    text               VARCHAR NOT NULL,
    content_hash       VARCHAR NOT NULL,     -- sha256 of the text, hex
    run_id             VARCHAR NOT NULL,
    dictionary_version VARCHAR              -- the dictionaries the document was last coded with
);

-- One row per coded event: every CONTRACT.md field, actor and location objects flattened.
-- Key: event_id. run_id is the run that last changed the row, so a repeated load leaves it as it was.
CREATE TABLE events (
    event_id             VARCHAR NOT NULL,
    doc_id               VARCHAR NOT NULL,
    sentence_index       INTEGER NOT NULL CHECK (sentence_index >= 0),
    sentence             VARCHAR NOT NULL,
    event_date           DATE,
    date_precision       date_precision,
    date_text            VARCHAR,
    kind                 VARCHAR NOT NULL,
    cameo_code           VARCHAR NOT NULL CHECK (regexp_full_match(cameo_code, '\d{2,4}')),
    cameo_root           VARCHAR NOT NULL CHECK (cameo_root = cameo_code[1:2]),
    quad_class           UTINYINT NOT NULL CHECK (quad_class BETWEEN 1 AND 4),
    goldstein            DOUBLE NOT NULL CHECK (goldstein BETWEEN -10 AND 10),
    plover_type          VARCHAR,
    plover_mode          VARCHAR,
    acled_disorder_type  acled_disorder_type,
    acled_event_type     acled_event_type,
    acled_sub_event_type acled_sub_event_type,
    source_code          VARCHAR,
    source_name          VARCHAR,
    source_country       VARCHAR,
    source_sector        VARCHAR,
    target_code          VARCHAR,
    target_name          VARCHAR,
    target_country       VARCHAR,
    target_sector        VARCHAR,
    location_name        VARCHAR,
    location_country     VARCHAR,
    location_admin1      VARCHAR,
    latitude             DOUBLE CHECK (latitude BETWEEN -90 AND 90),
    longitude            DOUBLE CHECK (longitude BETWEEN -180 AND 180),
    geo_precision        UTINYINT CHECK (geo_precision BETWEEN 1 AND 3),
    quantity             INTEGER CHECK (quantity >= 0),
    fatalities           INTEGER CHECK (fatalities >= 0),
    modality             modality NOT NULL,
    rule_id              VARCHAR NOT NULL,
    confidence           DOUBLE NOT NULL CHECK (confidence BETWEEN 0 AND 1),
    civilian_targeting   BOOLEAN NOT NULL DEFAULT false,
    dictionary_version   VARCHAR NOT NULL,
    mention_count        INTEGER NOT NULL CHECK (mention_count >= 0),
    run_id               VARCHAR NOT NULL
);

-- Every sentence that reports an event, in the order of Event.mentions. Key: (event_id, mention_index).
CREATE TABLE event_mentions (
    event_id       VARCHAR NOT NULL,
    mention_index  INTEGER NOT NULL CHECK (mention_index >= 0),
    doc_id         VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL CHECK (sentence_index >= 0),
    char_start     INTEGER NOT NULL CHECK (char_start >= 0),
    char_end       INTEGER NOT NULL CHECK (char_end >= char_start),
    trigger        VARCHAR NOT NULL,
    sentence       VARCHAR NOT NULL,   -- the evidence
    rule_id        VARCHAR NOT NULL,
    modality       modality NOT NULL,
    date_text      VARCHAR
);

-- What could not be ingested, where and why. quarantine_id is a hash of the item, so loading the
-- same item again changes nothing; run_id and quarantined_at say when it was first seen.
CREATE TABLE quarantine (
    quarantine_id  VARCHAR PRIMARY KEY,
    stage          quarantine_stage NOT NULL,
    reason         VARCHAR NOT NULL,
    path           VARCHAR,
    line           INTEGER CHECK (line >= 1),
    content_hash   VARCHAR,
    doc_id         VARCHAR,
    excerpt        VARCHAR,
    run_id         VARCHAR NOT NULL,
    quarantined_at TIMESTAMP NOT NULL
);
