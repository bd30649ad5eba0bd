-- +goose Up
-- Cases (办件): uploads, cases with their review tasks, timeline, documents,
-- number sequences, list counters and the message outbox.

-- Uploaded files: kept in the database so any node serves any download.
CREATE TABLE files (
    id           TEXT PRIMARY KEY,             -- random, 32 hex characters
    owner_id     INTEGER NOT NULL REFERENCES accounts(id),
    case_id      INTEGER NOT NULL DEFAULT 0,   -- the case it was attached to, 0 until then
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,                -- sniffed: application/pdf, image/jpeg, image/png, application/ofd
    size         BIGINT NOT NULL,
    sm3          TEXT NOT NULL,                -- hex digest of the content
    data         BLOB NOT NULL,
    created_at   BIGINT NOT NULL
);
CREATE INDEX files_owner ON files(owner_id, created_at);
CREATE INDEX files_case ON files(case_id);

CREATE TABLE cases (
    id              INTEGER PRIMARY KEY,
    number          TEXT NOT NULL UNIQUE,         -- 533401-20261123-000042
    parent_id       INTEGER NOT NULL DEFAULT 0,   -- the bundle case of a child, 0 otherwise
    bundle_code     TEXT NOT NULL DEFAULT '',
    item_code       TEXT NOT NULL DEFAULT '',     -- '' for a bundle parent
    item_version    INTEGER NOT NULL DEFAULT 0,
    name            TEXT NOT NULL,                -- item or bundle name
    dept_id         INTEGER NOT NULL DEFAULT 0,   -- the reviewing department (home)
    region_code     TEXT NOT NULL,                -- the item's region (home)
    intake_region   TEXT NOT NULL,                -- where it is accepted (通办: another region)
    intake_hall_id  INTEGER NOT NULL DEFAULT 0,
    applicant_id    INTEGER NOT NULL REFERENCES accounts(id),
    filer_id        INTEGER NOT NULL DEFAULT 0,   -- the clerk or agent who filed it, 0 when the applicant did
    channel         TEXT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('draft','submitted','correction','in_review','special','granted','denied','refused','withdrawn','delivered')),
    stage           INTEGER NOT NULL DEFAULT 0,
    instant         BOOLEAN NOT NULL DEFAULT 0,
    submitted_at    BIGINT NOT NULL DEFAULT 0,
    accept_due      TEXT NOT NULL DEFAULT '',     -- YYYY-MM-DD
    accepted_at     BIGINT NOT NULL DEFAULT 0,
    due_date        TEXT NOT NULL DEFAULT '',
    concluded_at    BIGINT NOT NULL DEFAULT 0,
    delivered_at    BIGINT NOT NULL DEFAULT 0,
    corrections     INTEGER NOT NULL DEFAULT 0,
    deemed          BOOLEAN NOT NULL DEFAULT 0,
    overdue         BOOLEAN NOT NULL DEFAULT 0,
    data            TEXT NOT NULL,                -- JSON: form, materials, clock, decision, delivery
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX cases_applicant ON cases(applicant_id, id);
CREATE INDEX cases_filer ON cases(filer_id, id);
CREATE INDEX cases_region ON cases(region_code, status, id);
CREATE INDEX cases_intake ON cases(intake_region, status, id);
CREATE INDEX cases_dept ON cases(dept_id, status, id);
CREATE INDEX cases_hall ON cases(intake_hall_id, status, id);
-- Unfiltered department and hall lists page in id order without sorting.
CREATE INDEX cases_dept_id ON cases(dept_id, id);
CREATE INDEX cases_hall_id ON cases(intake_hall_id, id);
CREATE INDEX cases_parent ON cases(parent_id);
CREATE INDEX cases_accept_due ON cases(status, accept_due);

-- Work on a case: the acceptance at a hall and each review step.
CREATE TABLE case_tasks (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    step_key     TEXT NOT NULL,
    step_name    TEXT NOT NULL,
    stage        INTEGER NOT NULL,
    role         TEXT NOT NULL,
    region_code  TEXT NOT NULL,
    dept_id      INTEGER NOT NULL DEFAULT 0,
    hall_id      INTEGER NOT NULL DEFAULT 0,
    assignee_id  INTEGER NOT NULL DEFAULT 0,
    state        TEXT NOT NULL CHECK (state IN ('open','done','returned','cancelled')),
    started_on   TEXT NOT NULL,
    due_date     TEXT NOT NULL,
    due_explain  TEXT NOT NULL DEFAULT '',
    warned       INTEGER NOT NULL DEFAULT 0,      -- 1 yellow reminder sent, 2 overdue escalation sent
    opinion      TEXT NOT NULL DEFAULT '',
    done_by      INTEGER NOT NULL DEFAULT 0,
    done_at      BIGINT NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL
);
CREATE INDEX case_tasks_case ON case_tasks(case_id, id);
CREATE INDEX case_tasks_dept ON case_tasks(state, role, dept_id, due_date, id);
CREATE INDEX case_tasks_hall ON case_tasks(state, role, hall_id, due_date, id);
CREATE INDEX case_tasks_region ON case_tasks(state, role, region_code, due_date, id);
CREATE INDEX case_tasks_assignee ON case_tasks(assignee_id, state, due_date, id);
CREATE INDEX case_tasks_due ON case_tasks(state, due_date);

-- The timeline of a case (its audit events are in audit_events too).
CREATE TABLE case_events (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    at          BIGINT NOT NULL,
    actor_id    INTEGER NOT NULL DEFAULT 0,
    actor_name  TEXT NOT NULL,
    role        TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    comment     TEXT NOT NULL DEFAULT '',
    data        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX case_events_case ON case_events(case_id, id);

-- Notices and decisions issued on a case; the PDF is rendered from content.
CREATE TABLE case_documents (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    kind        TEXT NOT NULL,
    number      TEXT NOT NULL UNIQUE,
    check_code  TEXT NOT NULL UNIQUE,   -- random; the public check page's key
    content     TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);
CREATE INDEX case_documents_case ON case_documents(case_id, id);

-- Per region and day, the last case number handed out.
CREATE TABLE case_sequences (
    prefix TEXT PRIMARY KEY,             -- e.g. 533401-20261123
    n      BIGINT NOT NULL
);

-- List totals kept on write (open tasks per role and dept/hall, cases per applicant).
CREATE TABLE case_counters (
    key TEXT PRIMARY KEY,
    n   BIGINT NOT NULL
);

-- Messages: in-app inbox and the outbox for SMS / e-mail senders.
CREATE TABLE messages (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    case_id     INTEGER NOT NULL DEFAULT 0,
    kind        TEXT NOT NULL,
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    channels    TEXT NOT NULL DEFAULT '',   -- external channels still to send: "sms,email"
    created_at  BIGINT NOT NULL,
    read_at     BIGINT NOT NULL DEFAULT 0,
    sent_at     BIGINT NOT NULL DEFAULT 0,
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX messages_account ON messages(account_id, id);
CREATE INDEX messages_pending ON messages(sent_at, id);

-- +goose Down
DROP TABLE messages;
DROP TABLE case_counters;
DROP TABLE case_sequences;
DROP TABLE case_documents;
DROP TABLE case_events;
DROP TABLE case_tasks;
DROP TABLE cases;
DROP TABLE files;
