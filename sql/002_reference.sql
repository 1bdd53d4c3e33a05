-- 002 reference: the actor dictionary and the codebooks as they were loaded, for joins and lookups.
-- warehouse.reference.load_dictionary / load_codebook replace their contents as a whole.

CREATE TYPE actor_kind AS ENUM ('country', 'organization', 'person', 'agent');

-- The actor dictionary (data/actors/, schemas/actor.py). One row per actor, except people: one row
-- per dated role (role_index 0, 1, ...), and one row with empty role columns for a person without
-- roles. Columns that do not apply to a kind are NULL.
CREATE TABLE actors (
    kind               actor_kind NOT NULL,
    actor_id           VARCHAR NOT NULL,   -- country code, organisation code, person id, agent sector
    name               VARCHAR NOT NULL,   -- the name events carry (for an agent: its sector)
    names              VARCHAR[] NOT NULL, -- other names and aliases; for an agent its words
    country            VARCHAR,            -- alpha-3 or EUR / NATO / UNO
    sector             VARCHAR,            -- organisations and agents
    org_kind           VARCHAR,            -- organisations: igo, armed_group, party, ...
    role_index         INTEGER NOT NULL,   -- people: position of the role (0 without roles); others 0
    role_title         VARCHAR,
    role_country       VARCHAR,
    role_sector        VARCHAR,
    role_start         DATE,               -- first day in office
    role_end           DATE,               -- first day out of office (exclusive); NULL while in office
    adjectives         VARCHAR[],          -- countries
    demonyms           VARCHAR[],
    capitals           VARCHAR[],
    metonyms           MAP(VARCHAR, VARCHAR),
    iso_numeric        SMALLINT,           -- countries: ISO 3166-1 numeric (ACLED's iso), when known
    dictionary_version VARCHAR NOT NULL,
    PRIMARY KEY (kind, actor_id, role_index)
);

-- CAMEO 1.1b3 event codes with their quad class and Goldstein score.
CREATE TABLE cameo_codes (
    code             VARCHAR PRIMARY KEY,
    name             VARCHAR NOT NULL,
    root             VARCHAR NOT NULL,
    base             VARCHAR NOT NULL,
    quad_class       UTINYINT NOT NULL CHECK (quad_class BETWEEN 1 AND 4),
    goldstein        DOUBLE NOT NULL,
    codebook_version VARCHAR NOT NULL
);

-- The PLOVER event type and mode of a CAMEO code.
CREATE TABLE plover (
    cameo_code       VARCHAR PRIMARY KEY,
    plover_type      VARCHAR NOT NULL,
    plover_mode      VARCHAR,
    codebook_version VARCHAR NOT NULL
);

-- ACLED sub-event types with their event and disorder types, and the CAMEO code prefixes that the
-- coder maps to each (the longest matching prefix wins).
CREATE TABLE acled_types (
    sub_event_type   acled_sub_event_type PRIMARY KEY,
    event_type       acled_event_type NOT NULL,
    disorder_type    acled_disorder_type NOT NULL,
    description      VARCHAR NOT NULL,
    cameo_prefixes   VARCHAR[] NOT NULL,
    codebook_version VARCHAR NOT NULL
);

-- The four quad classes by name: a constant, part of the schema.
CREATE TABLE quad_classes (
    quad_class UTINYINT PRIMARY KEY,
    name       VARCHAR NOT NULL,
    stance     VARCHAR NOT NULL   -- cooperation or conflict
);
INSERT INTO quad_classes VALUES
    (1, 'verbal cooperation', 'cooperation'),
    (2, 'material cooperation', 'cooperation'),
    (3, 'verbal conflict', 'conflict'),
    (4, 'material conflict', 'conflict');
