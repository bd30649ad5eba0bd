-- +goose Up
-- 12345 knowledge base: articles owned by departments, every saved state
-- kept as a version, a bigram search index, the review reminders sent.

CREATE TABLE knowledge_articles (
    id              INTEGER PRIMARY KEY,
    dept_id         INTEGER NOT NULL REFERENCES depts(id),
    region_code     TEXT NOT NULL REFERENCES regions(code),
    title           TEXT NOT NULL,
    keywords        TEXT NOT NULL DEFAULT '[]',   -- JSON array of strings
    answer          TEXT NOT NULL,
    subjects        TEXT NOT NULL DEFAULT '[]',   -- JSON array: hotline subject codes or words, no reference
    status          TEXT NOT NULL CHECK (status IN ('draft','published','retired')),
    review_due      TEXT NOT NULL DEFAULT '',     -- YYYY-MM-DD; '' until first published
    uses            BIGINT NOT NULL DEFAULT 0,
    last_used_at    BIGINT NOT NULL DEFAULT 0,
    published_at    BIGINT NOT NULL DEFAULT 0,
    version         INTEGER NOT NULL DEFAULT 1,
    created_by      INTEGER NOT NULL DEFAULT 0,
    created_by_name TEXT NOT NULL DEFAULT '',
    created_at      BIGINT NOT NULL,
    updated_by      INTEGER NOT NULL DEFAULT 0,
    updated_by_name TEXT NOT NULL DEFAULT '',
    updated_at      BIGINT NOT NULL
);
CREATE INDEX knowledge_articles_dept ON knowledge_articles(dept_id, status, review_due);
CREATE INDEX knowledge_articles_review ON knowledge_articles(status, review_due);
-- Search ranks published articles by uses: a walk of this index, not a
-- read of every article's answer.
CREATE INDEX knowledge_articles_uses ON knowledge_articles(status, uses DESC, id, review_due);

-- Every saved state (create, update, publish, retire, confirm): an answer
-- given on a call is traced to the text in force at the time.
CREATE TABLE knowledge_versions (
    article_id INTEGER NOT NULL REFERENCES knowledge_articles(id),
    version    INTEGER NOT NULL,
    action     TEXT NOT NULL,
    doc        TEXT NOT NULL,                     -- JSON: title, keywords, answer, subjects, status, review_due
    actor_id   INTEGER NOT NULL DEFAULT 0,
    actor_name TEXT NOT NULL DEFAULT '',
    created_at BIGINT NOT NULL,
    PRIMARY KEY (article_id, version)
);

-- Chinese search: unigrams and bigrams, title and keyword tokens also
-- marked (see internal/knowledge Tokens and internal/catalog); rowid is
-- the article id. Queries are ANDs of single tokens, so no positions are
-- kept (detail=none): a smaller index, and a term in every article reads
-- a doclist of ids only.
CREATE VIRTUAL TABLE knowledge_fts USING fts5(tokens, detail=none);

-- One reminder per article and review date.
CREATE TABLE knowledge_reminders (
    article_id INTEGER NOT NULL REFERENCES knowledge_articles(id),
    review_due TEXT NOT NULL,
    sent_at    BIGINT NOT NULL,
    PRIMARY KEY (article_id, review_due)
);

-- +goose Down
DROP TABLE knowledge_reminders;
DROP TABLE knowledge_fts;
DROP TABLE knowledge_versions;
DROP TABLE knowledge_articles;
