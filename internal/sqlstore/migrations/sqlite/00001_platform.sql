-- +goose Up
-- Platform: government structure, accounts and roles, sessions, settings,
-- audit chain, working-day calendar, job leases. Instants are Unix
-- milliseconds (BIGINT) in both engines; calendar dates are 'YYYY-MM-DD'.

CREATE TABLE regions (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    level       TEXT NOT NULL CHECK (level IN ('province','city','county','township','village')),
    parent_code TEXT REFERENCES regions(code),
    prefix      TEXT NOT NULL,
    active      BOOLEAN NOT NULL DEFAULT 1,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX regions_parent ON regions(parent_code, code);
CREATE INDEX regions_prefix ON regions(prefix);

CREATE TABLE depts (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions(code),
    name        TEXT NOT NULL,
    short_name  TEXT NOT NULL DEFAULT '',
    credit_code TEXT NOT NULL UNIQUE,
    kind        TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    active      BOOLEAN NOT NULL DEFAULT 1,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX depts_region_name ON depts(region_code, name);

CREATE TABLE halls (
    id          INTEGER PRIMARY KEY,
    region_code TEXT NOT NULL REFERENCES regions(code),
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('centre','station')),
    address     TEXT NOT NULL DEFAULT '',
    phone       TEXT NOT NULL DEFAULT '',
    hours       TEXT NOT NULL DEFAULT '',
    active      BOOLEAN NOT NULL DEFAULT 1,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX halls_region_name ON halls(region_code, name);

CREATE TABLE windows (
    id          INTEGER PRIMARY KEY,
    hall_id     INTEGER NOT NULL REFERENCES halls(id),
    number      TEXT NOT NULL,
    name        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('general','dedicated')),
    active      BOOLEAN NOT NULL DEFAULT 1,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    UNIQUE (hall_id, number)
);

CREATE TABLE window_depts (
    window_id INTEGER NOT NULL REFERENCES windows(id) ON DELETE CASCADE,
    dept_id   INTEGER NOT NULL REFERENCES depts(id),
    PRIMARY KEY (window_id, dept_id)
);
CREATE INDEX window_depts_dept ON window_depts(dept_id);

CREATE TABLE accounts (
    id              INTEGER PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('person','org','staff')),
    name            TEXT NOT NULL,
    id_number_enc   BLOB,
    id_number_idx   TEXT,
    id_number_mask  TEXT NOT NULL DEFAULT '',
    credit_code     TEXT,
    legal_rep       TEXT NOT NULL DEFAULT '',
    phone_enc       BLOB,
    phone_idx       TEXT,
    phone_mask      TEXT NOT NULL DEFAULT '',
    password_hash   TEXT NOT NULL,
    password_at     BIGINT NOT NULL,
    must_change     BOOLEAN NOT NULL DEFAULT 0,
    failed_count    INTEGER NOT NULL DEFAULT 0,
    locked_until    BIGINT NOT NULL DEFAULT 0,
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','disabled')),
    last_login_at   BIGINT NOT NULL DEFAULT 0,
    version         INTEGER NOT NULL DEFAULT 1,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX accounts_id_number ON accounts(id_number_idx) WHERE id_number_idx IS NOT NULL;
CREATE UNIQUE INDEX accounts_credit_code ON accounts(credit_code) WHERE credit_code IS NOT NULL;
CREATE INDEX accounts_phone ON accounts(phone_idx);
CREATE INDEX accounts_kind ON accounts(kind, id);

CREATE TABLE role_grants (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    role        TEXT NOT NULL,
    region_code TEXT NOT NULL REFERENCES regions(code),
    dept_id     INTEGER REFERENCES depts(id),
    hall_id     INTEGER REFERENCES halls(id),
    granted_by  INTEGER NOT NULL DEFAULT 0,
    granted_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX role_grants_unique ON role_grants(account_id, role, region_code, COALESCE(dept_id, 0), COALESCE(hall_id, 0));
CREATE INDEX role_grants_role ON role_grants(role, region_code);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    kind         TEXT NOT NULL CHECK (kind IN ('web','api')),
    csrf         TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    ip           TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_account ON sessions(account_id);
CREATE INDEX sessions_expiry ON sessions(expires_at);

CREATE TABLE settings (
    key        TEXT PRIMARY KEY,
    value      TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1,
    updated_at BIGINT NOT NULL,
    updated_by INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE audit_events (
    seq         BIGINT PRIMARY KEY,
    at          BIGINT NOT NULL,
    actor_id    INTEGER NOT NULL DEFAULT 0,
    actor_name  TEXT NOT NULL DEFAULT '',
    role        TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT '',
    reason      TEXT NOT NULL DEFAULT '',
    ip          TEXT NOT NULL DEFAULT '',
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX audit_object ON audit_events(object_type, object_id, seq);
CREATE INDEX audit_actor ON audit_events(actor_id, seq);
CREATE INDEX audit_action ON audit_events(action, seq);
CREATE INDEX audit_at ON audit_events(at);

-- The chain head: the last sequence number and hash, so that removing the
-- newest events is detected too.
CREATE TABLE audit_head (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);

-- The chain starts at the genesis hash.
INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

-- The application never changes or removes audit events; the database
-- refuses it too (a DBA must drop these triggers to tamper, and verify
-- still finds the change).
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
-- +goose StatementEnd

-- Working-day calendar entries entered without a release: national years
-- (region_code '') and a region's own days (applied to its subtree).
CREATE TABLE calendar_days (
    region_code TEXT NOT NULL DEFAULT '',
    day         TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('holiday','workday')),
    name        TEXT NOT NULL DEFAULT '',
    updated_at  BIGINT NOT NULL,
    updated_by  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (region_code, day)
);

-- National years whose schedule came from an import or the admin page; they
-- replace the embedded data for that year.
CREATE TABLE calendar_years (
    year       INTEGER PRIMARY KEY,
    notice     TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL,
    updated_by INTEGER NOT NULL DEFAULT 0
);

-- Periodic jobs take a lease so that one node of several runs each.
CREATE TABLE job_leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- +goose Down
DROP TABLE job_leases;
DROP TABLE calendar_years;
DROP TABLE calendar_days;
DROP TABLE audit_head;
DROP TABLE audit_events;
DROP TABLE settings;
DROP TABLE sessions;
DROP TABLE role_grants;
DROP TABLE accounts;
DROP TABLE window_depts;
DROP TABLE windows;
DROP TABLE halls;
DROP TABLE depts;
DROP TABLE regions;
