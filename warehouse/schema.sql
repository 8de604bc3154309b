-- Dateline warehouse, schema version 7.
-- Keys are declared as primary keys. Foreign keys are documented, not declared: DuckDB checks
-- them eagerly, so deleting a replaced article after its children in one transaction fails.
-- articles.article_id <- time_expressions, events; events.event_id <- event_actors, event_mentions, story_events;
-- stories.story_id <- story_events.

CREATE TABLE IF NOT EXISTS schema_version (
    version     INTEGER PRIMARY KEY,
    applied_at  TIMESTAMP NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    article_id        VARCHAR PRIMARY KEY,      -- hash of the normalised text (+ URL)
    source_uri        VARCHAR NOT NULL,         -- path, path#line or URL it was read from
    source_key        VARCHAR NOT NULL,         -- the slot it occupies; a new text there replaces it
    url               VARCHAR,
    outlet            VARCHAR,
    title             VARCHAR,
    byline            VARCHAR,
    dateline_place    VARCHAR,
    published_at      TIMESTAMP,                -- as printed (local time of the outlet)
    language          VARCHAR NOT NULL,
    text              VARCHAR NOT NULL,         -- exactly as read: every offset indexes it
    content_hash      VARCHAR NOT NULL,         -- sha256 of text
    ingested_at       TIMESTAMP NOT NULL,
    pipeline_version  VARCHAR NOT NULL,
    flow_run_id       VARCHAR,
    origin            VARCHAR,                  -- inbox folder or feed URL of a scheduled run; null for `dateline run`
    published_source  VARCHAR                   -- where published_at came from: cli, dateline, stamp, html_meta,
                                                -- json, feed, url, file_name (null: no anchor found)
);

CREATE TABLE IF NOT EXISTS time_expressions (
    article_id   VARCHAR NOT NULL,
    start_char   INTEGER NOT NULL,
    end_char     INTEGER NOT NULL,
    text         VARCHAR NOT NULL,
    timex_type   VARCHAR NOT NULL,   -- DATE | TIME | DURATION | SET
    timex_value  VARCHAR NOT NULL,   -- TIMEX3 value, e.g. 2023-05-09, 2023-W18, P1Y, PAST_REF
    timex_mod    VARCHAR,            -- START, APPROX, LESS_THAN, ...
    date_start   DATE,
    date_end     DATE,
    granularity  VARCHAR,            -- day | week | month | quarter | season | year | decade | range
    approximate  BOOLEAN NOT NULL,
    PRIMARY KEY (article_id, start_char, end_char)
);

CREATE TABLE IF NOT EXISTS events (
    event_id           VARCHAR PRIMARY KEY,
    article_id         VARCHAR NOT NULL,
    event_type         VARCHAR NOT NULL,
    cameo_code         VARCHAR,
    trigger_text       VARCHAR NOT NULL,   -- first mention's trigger
    trigger_start      INTEGER NOT NULL,
    trigger_end        INTEGER NOT NULL,
    sentence           VARCHAR NOT NULL,
    modality           VARCHAR NOT NULL,   -- asserted | alleged | planned | negated
    date_start         DATE,               -- null when nothing in the text dates the event
    date_end           DATE,
    date_granularity   VARCHAR,
    date_text          VARCHAR,
    confidence         DOUBLE NOT NULL,
    extractor_version  VARCHAR NOT NULL,
    rule_id            VARCHAR,            -- the trigger entry that fired: "<type>:<id>" in event_triggers.json
    date_rule          VARCHAR,            -- which rule tied the date (own_clause, report_verb, ...); null if undated
    goldstein          DOUBLE,             -- Goldstein score of cameo_code, -10 (conflict) to +10 (cooperation)
    quad_class         INTEGER,            -- 1 verbal cooperation, 2 material cooperation, 3 verbal / 4 material conflict
    location_name      VARCHAR,            -- where it happened, when the text says so (never the dateline); null if not
    location_country   VARCHAR,            -- ISO 3166-1 alpha-3; null for international waters or a contested area
    location_lat       DOUBLE,             -- WGS84 degrees; for a country the population centre of its cities
    location_lon       DOUBLE
);

CREATE TABLE IF NOT EXISTS event_actors (
    event_id      VARCHAR NOT NULL,
    role          VARCHAR NOT NULL,   -- source | target
    ordinal       INTEGER NOT NULL,
    name          VARCHAR NOT NULL,
    country_code  VARCHAR,            -- ISO 3166-1 alpha-3
    actor_rule    VARCHAR,            -- how it was found: "<slot or pass> / <resolution>" (schema version 4)
    actor_code    VARCHAR,            -- CAMEO-style: IGOWSTNAT (NATO, country_code null), RUSMIL, USA
    sector        VARCHAR,            -- GOV, MIL, MED, IGO, ... (extractors/data/actor_sectors.csv)
    PRIMARY KEY (event_id, role, ordinal)
);

CREATE TABLE IF NOT EXISTS event_mentions (
    event_id      VARCHAR NOT NULL,
    start_char    INTEGER NOT NULL,
    end_char      INTEGER NOT NULL,
    trigger_text  VARCHAR NOT NULL,
    sentence      VARCHAR NOT NULL,
    PRIMARY KEY (event_id, start_char, end_char)
);

CREATE TABLE IF NOT EXISTS rejected_inputs (
    source_uri    VARCHAR PRIMARY KEY,
    reason        VARCHAR NOT NULL,
    seen_at       TIMESTAMP NOT NULL,   -- first time it was rejected
    last_seen_at  TIMESTAMP NOT NULL,
    flow_run_id   VARCHAR
);

CREATE TABLE IF NOT EXISTS flow_runs (
    run_id       VARCHAR PRIMARY KEY,   -- the Prefect flow-run id
    flow_name    VARCHAR NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    status       VARCHAR NOT NULL,      -- running | completed | failed | crashed (its process died)
    inputs       VARCHAR[],
    seen         INTEGER NOT NULL DEFAULT 0,   -- articles found in the inputs
    loaded       INTEGER NOT NULL DEFAULT 0,   -- new articles written
    unchanged    INTEGER NOT NULL DEFAULT 0,   -- already in the warehouse, skipped
    replaced     INTEGER NOT NULL DEFAULT 0,   -- new text at a known source, old rows replaced
    rejected     INTEGER NOT NULL DEFAULT 0,   -- inputs quarantined in rejected_inputs
    events       INTEGER NOT NULL DEFAULT 0,
    skipped      INTEGER GENERATED ALWAYS AS (unchanged) VIRTUAL,
    pid          INTEGER,               -- the process running it, on host: a later run marks it crashed once
    host         VARCHAR,               -- that process is gone (schema version 3)
    updated      INTEGER DEFAULT 0      -- loaded articles extracted again with other rows (version 4)
);

-- Scheduled mode: what the inbox and the feeds have already given, so a run takes only what is new.
CREATE TABLE IF NOT EXISTS inbox_files (
    path          VARCHAR PRIMARY KEY,
    inbox         VARCHAR NOT NULL,
    size          BIGINT NOT NULL,
    mtime_ns      BIGINT NOT NULL,
    content_hash  VARCHAR NOT NULL,   -- sha256 of the bytes: a touched but unchanged file is not re-read
    processed_at  TIMESTAMP NOT NULL,
    flow_run_id   VARCHAR
);

CREATE TABLE IF NOT EXISTS feed_entries (
    feed_url      VARCHAR NOT NULL,
    entry_key     VARCHAR NOT NULL,   -- the entry's id, else its link
    link          VARCHAR,
    title         VARCHAR,
    published     VARCHAR,
    status        VARCHAR NOT NULL,   -- done (loaded, unchanged or quarantined) | failed (retried next run)
    attempts      INTEGER NOT NULL,
    last_error    VARCHAR,
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (feed_url, entry_key)
);

-- Scheduled mode: each inbox and feed's latest attempt, so a broken source shows in the warehouse.
CREATE TABLE IF NOT EXISTS source_checks (
    source                VARCHAR PRIMARY KEY,   -- feed URL or inbox folder
    kind                  VARCHAR NOT NULL,      -- feed | inbox
    last_attempt_at       TIMESTAMP NOT NULL,
    last_success_at       TIMESTAMP,             -- null until it is first read
    consecutive_failures  INTEGER NOT NULL,      -- 0 after a success
    last_error            VARCHAR,               -- the latest failure's reason (kept after a success)
    last_error_at         TIMESTAMP,
    last_run_id           VARCHAR
);

-- Stories: the events of several articles that report one real-world event (schema version 7). Kept by the
-- loader in the batch's transaction (warehouse/story_store.py); the rules are warehouse/story_rules.toml.
CREATE TABLE IF NOT EXISTS stories (
    story_id          VARCHAR PRIMARY KEY,   -- the smallest event_id of its events
    event_type        VARCHAR NOT NULL,
    date_start        DATE,                  -- the date its most precise reports give most often
    date_end          DATE,
    date_granularity  VARCHAR,
    first_seen        TIMESTAMP,             -- the earliest publication among its articles
    last_seen         TIMESTAMP,             -- the latest
    articles          INTEGER NOT NULL,
    outlets           INTEGER NOT NULL,      -- distinct outlets among its articles (known ones)
    events            INTEGER NOT NULL
);

CREATE TABLE IF NOT EXISTS story_events (
    event_id   VARCHAR PRIMARY KEY,          -- every event is in exactly one story (most alone)
    story_id   VARCHAR NOT NULL,
    names      VARCHAR[]                     -- the distinctive names found in its sentences ("hwasong-18")
);

-- The fingerprint of the story rules the stories were made with: another one re-clusters them all.
CREATE TABLE IF NOT EXISTS story_rules (
    fingerprint  VARCHAR NOT NULL,
    applied_at   TIMESTAMP NOT NULL
);

-- One row per event, actors flattened: the table analysts start from.
CREATE OR REPLACE VIEW event_view AS
SELECT
    e.event_id,
    e.event_type,
    e.cameo_code,
    e.goldstein,
    e.quad_class,
    e.modality,
    e.date_start,
    e.date_end,
    e.date_granularity,
    e.date_text,
    e.location_name,
    e.location_country,
    e.location_lat,
    e.location_lon,
    (SELECT string_agg(a.name, '; ' ORDER BY a.ordinal) FROM event_actors a
      WHERE a.event_id = e.event_id AND a.role = 'source') AS source_names,
    (SELECT list(DISTINCT a.country_code) FILTER (WHERE a.country_code IS NOT NULL) FROM event_actors a
      WHERE a.event_id = e.event_id AND a.role = 'source') AS source_countries,
    (SELECT list(DISTINCT a.actor_code) FILTER (WHERE a.actor_code IS NOT NULL) FROM event_actors a
      WHERE a.event_id = e.event_id AND a.role = 'source') AS source_codes,
    (SELECT string_agg(a.name, '; ' ORDER BY a.ordinal) FROM event_actors a
      WHERE a.event_id = e.event_id AND a.role = 'target') AS target_names,
    (SELECT list(DISTINCT a.country_code) FILTER (WHERE a.country_code IS NOT NULL) FROM event_actors a
      WHERE a.event_id = e.event_id AND a.role = 'target') AS target_countries,
    (SELECT list(DISTINCT a.actor_code) FILTER (WHERE a.actor_code IS NOT NULL) FROM event_actors a
      WHERE a.event_id = e.event_id AND a.role = 'target') AS target_codes,
    e.trigger_text,
    e.trigger_start,
    e.sentence,
    e.confidence,
    (SELECT count(*) FROM event_mentions m WHERE m.event_id = e.event_id) AS mention_count,
    ar.article_id,
    ar.title,
    ar.outlet,
    ar.published_at,
    ar.source_uri,
    -- provenance: the trigger entry, the date rule, and per actor (in name order) the rule that found it
    e.rule_id,
    e.date_rule,
    (SELECT list(a.actor_rule ORDER BY a.ordinal) FROM event_actors a
      WHERE a.event_id = e.event_id AND a.role = 'source') AS source_rules,
    (SELECT list(a.actor_rule ORDER BY a.ordinal) FROM event_actors a
      WHERE a.event_id = e.event_id AND a.role = 'target') AS target_rules
FROM events e
JOIN articles ar USING (article_id);

-- One row per actor of an event, with its codes and the event's: "everything the EU did" is one WHERE.
CREATE OR REPLACE VIEW event_actor_view AS
SELECT
    a.role,
    a.name,
    a.country_code,
    a.actor_code,
    a.sector,
    e.event_type,
    e.date_start,
    e.date_end,
    e.goldstein,
    e.quad_class,
    e.cameo_code,
    e.trigger_text,
    a.actor_rule,
    a.ordinal,
    e.event_id,
    e.article_id
FROM event_actors a
JOIN events e USING (event_id);

-- Events per day and type, for events dated to a single day.
CREATE OR REPLACE VIEW daily_timeline AS
SELECT
    e.date_start AS day,
    e.event_type,
    count(*) AS events,
    count(DISTINCT e.article_id) AS articles
FROM events e
WHERE e.date_granularity = 'day'
GROUP BY ALL;

-- Freshness per source (inbox folder, feed, or manual `dateline run`): when it last loaded, what it brought.
CREATE OR REPLACE VIEW source_freshness AS
SELECT
    coalesce(a.origin, 'dateline run') AS source,
    max(a.ingested_at) AS last_loaded_at,
    count(DISTINCT a.article_id) AS articles,
    count(e.event_id) AS events,
    count(e.event_id) FILTER (WHERE a.ingested_at >= now()::TIMESTAMP - INTERVAL 1 DAY) AS events_last_24h
FROM articles a
LEFT JOIN events e USING (article_id)
GROUP BY ALL;

-- Health per inbox and feed of scheduled runs: last attempt and success, failures in a row, the last error,
-- feed pages still being retried, and when the source last brought an article.
CREATE OR REPLACE VIEW source_health AS
SELECT
    c.source,
    c.kind,
    c.consecutive_failures = 0 AS healthy,
    c.last_attempt_at,
    c.last_success_at,
    c.consecutive_failures,
    c.last_error,
    c.last_error_at,
    (SELECT count(*) FROM feed_entries f WHERE f.feed_url = c.source AND f.status = 'failed') AS failing_entries,
    (SELECT max(a.ingested_at) FROM articles a WHERE a.origin = c.source) AS last_loaded_at,
    c.last_run_id
FROM source_checks c;

-- One row per story, with its sources: the outlets and titles of the articles that report it.
CREATE OR REPLACE VIEW story_view AS
SELECT
    s.story_id,
    s.event_type,
    s.date_start,
    s.date_end,
    s.date_granularity,
    s.articles,
    s.outlets,
    s.events,
    s.first_seen,
    s.last_seen,
    (SELECT list(DISTINCT x.country_code ORDER BY x.country_code) FROM story_events m JOIN event_actors x USING (event_id)
      WHERE m.story_id = s.story_id AND x.role = 'source' AND x.country_code IS NOT NULL) AS source_countries,
    (SELECT list(DISTINCT x.country_code ORDER BY x.country_code) FROM story_events m JOIN event_actors x USING (event_id)
      WHERE m.story_id = s.story_id AND x.role = 'target' AND x.country_code IS NOT NULL) AS target_countries,
    (SELECT list(DISTINCT n ORDER BY n) FROM (SELECT unnest(m.names) AS n FROM story_events m
      WHERE m.story_id = s.story_id)) AS names,
    (SELECT list(DISTINCT a.outlet ORDER BY a.outlet) FROM story_events m JOIN events e USING (event_id)
      JOIN articles a USING (article_id) WHERE m.story_id = s.story_id AND a.outlet IS NOT NULL) AS outlet_names,
    (SELECT list(t.title ORDER BY t.published_at NULLS LAST, t.title) FROM (
        SELECT DISTINCT a.article_id, a.title, a.published_at FROM story_events m JOIN events e USING (event_id)
        JOIN articles a USING (article_id) WHERE m.story_id = s.story_id AND a.title IS NOT NULL) t) AS titles,
    (SELECT list(DISTINCT e.article_id ORDER BY e.article_id) FROM story_events m JOIN events e USING (event_id)
      WHERE m.story_id = s.story_id) AS article_ids
FROM stories s;

-- Stories per day and type, for stories dated to a single day (daily_timeline counts events).
CREATE OR REPLACE VIEW daily_story_timeline AS
SELECT
    s.date_start AS day,
    s.event_type,
    count(*) AS stories,
    sum(s.articles) AS reports,
    sum(s.events) AS events
FROM stories s
WHERE s.date_granularity = 'day'
GROUP BY ALL;
