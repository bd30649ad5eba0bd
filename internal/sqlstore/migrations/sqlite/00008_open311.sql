-- +goose Up
-- Open311 GeoReport v2 (docs/open311.md): the api keys apps file 12345
-- tickets with. Only the SHA-256 of a key is kept; the key is shown once.
CREATE TABLE open311_keys (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,                          -- the app, e.g. 某某 app
    region_code TEXT NOT NULL REFERENCES regions(code), -- tickets are filed in this subtree; the default region
    key_hash    TEXT NOT NULL UNIQUE,                   -- hex SHA-256 of the key
    key_prefix  TEXT NOT NULL,                          -- the key's first characters, to tell keys apart
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    created_at  BIGINT NOT NULL,
    revoked_at  BIGINT NOT NULL DEFAULT 0
);

-- +goose Down
DROP TABLE open311_keys;
