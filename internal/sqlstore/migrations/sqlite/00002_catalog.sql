-- +goose Up
-- Service catalog: items with immutable versions (the content is a JSON
-- document), themes, a bigram search index, bundles.

CREATE TABLE items (
    id                INTEGER PRIMARY KEY,
    code              TEXT NOT NULL UNIQUE,
    base_code         TEXT NOT NULL,
    is_base           BOOLEAN NOT NULL DEFAULT 0,
    parent_code       TEXT NOT NULL DEFAULT '',
    region_code       TEXT NOT NULL REFERENCES regions(code),
    dept_id           INTEGER REFERENCES depts(id),
    name              TEXT NOT NULL,
    kind              TEXT NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('draft','published','suspended','cancelled')),
    published_version INTEGER NOT NULL DEFAULT 0,
    draft_version     INTEGER NOT NULL DEFAULT 0,
    suspended_from    BIGINT NOT NULL DEFAULT 0,
    cancelled_from    BIGINT NOT NULL DEFAULT 0,
    status_reason     TEXT NOT NULL DEFAULT '',
    popularity        BIGINT NOT NULL DEFAULT 0,
    -- Copied from the published version (or the draft, before the first
    -- publication) for lists, filters and indicators.
    instant           BOOLEAN NOT NULL DEFAULT 0,
    legal_days        INTEGER NOT NULL DEFAULT 0,
    promised_days     INTEGER NOT NULL DEFAULT 0,
    max_visits        INTEGER NOT NULL DEFAULT 0,
    online_depth      INTEGER NOT NULL DEFAULT 1,
    online            BOOLEAN NOT NULL DEFAULT 0,
    in_hall           BOOLEAN NOT NULL DEFAULT 0,
    cross_region      TEXT NOT NULL DEFAULT 'none',
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX items_region ON items(region_code, dept_id);
CREATE INDEX items_dept ON items(dept_id, name);
CREATE INDEX items_base ON items(base_code, is_base);
CREATE INDEX items_popular ON items(popularity DESC, id);
CREATE INDEX items_parent ON items(parent_code);

CREATE TABLE item_versions (
    item_id        INTEGER NOT NULL REFERENCES items(id),
    number         INTEGER NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('draft','published','superseded')),
    doc            TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    editor_id      INTEGER NOT NULL DEFAULT 0,
    editor_name    TEXT NOT NULL DEFAULT '',
    publisher_id   INTEGER NOT NULL DEFAULT 0,
    publisher_name TEXT NOT NULL DEFAULT '',
    created_at     BIGINT NOT NULL,
    published_at   BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (item_id, number)
);

CREATE TABLE item_themes (
    theme   TEXT NOT NULL,
    item_id INTEGER NOT NULL REFERENCES items(id),
    PRIMARY KEY (theme, item_id)
);
CREATE INDEX item_themes_item ON item_themes(item_id);

-- Chinese full-text search: tokens are the item's unigrams and bigrams
-- separated by spaces (see internal/catalog/search), so two-character
-- queries such as 执照 match exactly.
CREATE VIRTUAL TABLE item_fts USING fts5(tokens);

CREATE TABLE bundles (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    region_code TEXT NOT NULL REFERENCES regions(code),
    name        TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('draft','published','suspended','cancelled')),
    doc         TEXT NOT NULL,
    popularity  BIGINT NOT NULL DEFAULT 0,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX bundles_region ON bundles(region_code, status);

-- +goose Down
DROP TABLE bundles;
DROP TABLE item_fts;
DROP TABLE item_themes;
DROP TABLE item_versions;
DROP TABLE items;
