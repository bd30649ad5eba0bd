-- +goose Up
-- Ratings (好差评) and the rectification of bad ones (差评整改).

CREATE TABLE ratings (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    round       INTEGER NOT NULL DEFAULT 1,      -- 2 after a rectification: the applicant may rate again
    dept_id     INTEGER NOT NULL DEFAULT 0,
    region_code TEXT NOT NULL,
    hall_id     INTEGER NOT NULL DEFAULT 0,
    channel     TEXT NOT NULL,                   -- online, window
    score       INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
    tags        TEXT NOT NULL DEFAULT '[]',
    comment     TEXT NOT NULL DEFAULT '',
    named       BOOLEAN NOT NULL DEFAULT 1,
    account_id  INTEGER NOT NULL DEFAULT 0,      -- 0 when anonymous
    created_at  BIGINT NOT NULL,
    UNIQUE (case_id, round)
);
CREATE INDEX ratings_dept ON ratings(dept_id, created_at);
CREATE INDEX ratings_region ON ratings(region_code, created_at);

CREATE TABLE rectifications (
    id          INTEGER PRIMARY KEY,
    rating_id   INTEGER NOT NULL UNIQUE REFERENCES ratings(id),
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    dept_id     INTEGER NOT NULL DEFAULT 0,
    region_code TEXT NOT NULL,
    stage       TEXT NOT NULL,                   -- verify, rectify, callback, recheck, closed, appeal
    stage_due   TEXT NOT NULL DEFAULT '',        -- YYYY-MM-DD
    data        TEXT NOT NULL DEFAULT '{}',      -- the record of each stage
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX rectifications_dept ON rectifications(dept_id, stage, stage_due);
CREATE INDEX rectifications_region ON rectifications(region_code, stage);

-- +goose Down
DROP TABLE rectifications;
DROP TABLE ratings;
