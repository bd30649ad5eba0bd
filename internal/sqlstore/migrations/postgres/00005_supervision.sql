-- +goose Up
-- Supervision (效能监督): indicator counters kept on write, the
-- rectification loop's clocks, signed window-rating tokens, ranking
-- schemes with their weekly and monthly snapshots, supervision notices
-- (督办) and the daily overdue digests.

-- What the figures and their drill-down lists read of a case, as columns:
-- who accepted it at the front desk (the staff dimension), whether the
-- acceptance came after its five working days, the applicant's trips to a
-- hall, and the working days used against those promised (+ extensions).
ALTER TABLE cases ADD COLUMN accepted_by BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN accept_late BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE cases ADD COLUMN visits INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN used_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN promised_days INTEGER NOT NULL DEFAULT 0;
CREATE INDEX cases_concluded ON cases(concluded_at);
CREATE INDEX cases_submitted ON cases(submitted_at);
CREATE INDEX cases_accepted ON cases(accepted_at);
CREATE INDEX cases_due ON cases(status, due_date);

-- The window staff member who served the visit a window rating is for.
ALTER TABLE ratings ADD COLUMN staff_id BIGINT NOT NULL DEFAULT 0;

ALTER TABLE rectifications ADD COLUMN named BOOLEAN NOT NULL DEFAULT TRUE;    -- the rating names its author: a callback is owed
ALTER TABLE rectifications ADD COLUMN warned INTEGER NOT NULL DEFAULT 0;        -- 1 warned before the stage limit, 2 after it
ALTER TABLE rectifications ADD COLUMN outcome TEXT NOT NULL DEFAULT '';         -- rectified, upheld (appeal: rating voided)
ALTER TABLE rectifications ADD COLUMN closed_at BIGINT NOT NULL DEFAULT 0;

-- Working-day limits of each rectification stage, per region (the
-- nearest region up the tree that has a row applies; none: 2/15/1/5).
CREATE TABLE rectification_limits (
    region_code   TEXT PRIMARY KEY,
    verify_days   INTEGER NOT NULL,
    rectify_days  INTEGER NOT NULL,
    callback_days INTEGER NOT NULL,
    recheck_days  INTEGER NOT NULL,
    updated_by    BIGINT NOT NULL DEFAULT 0,
    updated_at    BIGINT NOT NULL
);

-- Signed window-rating tokens (QR code / rating tablet): one use each.
CREATE TABLE rating_tokens (
    nonce      TEXT PRIMARY KEY,           -- random, part of the signed token
    case_id    BIGINT NOT NULL REFERENCES cases(id),
    hall_id    BIGINT NOT NULL DEFAULT 0,
    staff_id   BIGINT NOT NULL DEFAULT 0,
    issued_at  BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT NOT NULL DEFAULT 0,
    rating_id  BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX rating_tokens_case ON rating_tokens(case_id);

-- Indicator counters (docs/supervision.md): one row per day and
-- region/department/hall, per month likewise, and per day and staff
-- member. Each case or rating change adds the difference between what
-- the record counted before and after, in the same transaction.
CREATE TABLE stat_days (
    day         TEXT NOT NULL,               -- YYYY-MM-DD, China time
    region_code TEXT NOT NULL,               -- the case's home region
    dept_id     BIGINT NOT NULL,
    hall_id     BIGINT NOT NULL,             -- intake hall, 0 online
    received             BIGINT NOT NULL DEFAULT 0,
    received_online      BIGINT NOT NULL DEFAULT 0,
    received_mobile      BIGINT NOT NULL DEFAULT 0,
    received_window      BIGINT NOT NULL DEFAULT 0,
    received_agent       BIGINT NOT NULL DEFAULT 0,
    corrected            BIGINT NOT NULL DEFAULT 0,
    corrected_repeat     BIGINT NOT NULL DEFAULT 0,
    accepted             BIGINT NOT NULL DEFAULT 0,
    accept_late          BIGINT NOT NULL DEFAULT 0,
    instant              BIGINT NOT NULL DEFAULT 0,
    refused              BIGINT NOT NULL DEFAULT 0,
    withdrawn            BIGINT NOT NULL DEFAULT 0,
    concluded            BIGINT NOT NULL DEFAULT 0,
    concluded_ontime     BIGINT NOT NULL DEFAULT 0,
    concluded_overdue    BIGINT NOT NULL DEFAULT 0,
    days_used            BIGINT NOT NULL DEFAULT 0,
    days_promised        BIGINT NOT NULL DEFAULT 0,
    no_visit             BIGINT NOT NULL DEFAULT 0,
    rated_1              BIGINT NOT NULL DEFAULT 0,
    rated_2              BIGINT NOT NULL DEFAULT 0,
    rated_3              BIGINT NOT NULL DEFAULT 0,
    rated_4              BIGINT NOT NULL DEFAULT 0,
    rated_5              BIGINT NOT NULL DEFAULT 0,
    named_bad            BIGINT NOT NULL DEFAULT 0,
    named_bad_callback   BIGINT NOT NULL DEFAULT 0,
    bad_rectified        BIGINT NOT NULL DEFAULT 0,
    bad_voided           BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, region_code, dept_id, hall_id)
);
CREATE INDEX stat_days_dept ON stat_days(dept_id, day);
CREATE INDEX stat_days_hall ON stat_days(hall_id, day);

CREATE TABLE stat_months (
    month       TEXT NOT NULL,               -- YYYY-MM
    region_code TEXT NOT NULL,
    dept_id     BIGINT NOT NULL,
    hall_id     BIGINT NOT NULL,
    received             BIGINT NOT NULL DEFAULT 0,
    received_online      BIGINT NOT NULL DEFAULT 0,
    received_mobile      BIGINT NOT NULL DEFAULT 0,
    received_window      BIGINT NOT NULL DEFAULT 0,
    received_agent       BIGINT NOT NULL DEFAULT 0,
    corrected            BIGINT NOT NULL DEFAULT 0,
    corrected_repeat     BIGINT NOT NULL DEFAULT 0,
    accepted             BIGINT NOT NULL DEFAULT 0,
    accept_late          BIGINT NOT NULL DEFAULT 0,
    instant              BIGINT NOT NULL DEFAULT 0,
    refused              BIGINT NOT NULL DEFAULT 0,
    withdrawn            BIGINT NOT NULL DEFAULT 0,
    concluded            BIGINT NOT NULL DEFAULT 0,
    concluded_ontime     BIGINT NOT NULL DEFAULT 0,
    concluded_overdue    BIGINT NOT NULL DEFAULT 0,
    days_used            BIGINT NOT NULL DEFAULT 0,
    days_promised        BIGINT NOT NULL DEFAULT 0,
    no_visit             BIGINT NOT NULL DEFAULT 0,
    rated_1              BIGINT NOT NULL DEFAULT 0,
    rated_2              BIGINT NOT NULL DEFAULT 0,
    rated_3              BIGINT NOT NULL DEFAULT 0,
    rated_4              BIGINT NOT NULL DEFAULT 0,
    rated_5              BIGINT NOT NULL DEFAULT 0,
    named_bad            BIGINT NOT NULL DEFAULT 0,
    named_bad_callback   BIGINT NOT NULL DEFAULT 0,
    bad_rectified        BIGINT NOT NULL DEFAULT 0,
    bad_voided           BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, region_code, dept_id, hall_id)
);
CREATE INDEX stat_months_dept ON stat_months(dept_id, month);
CREATE INDEX stat_months_hall ON stat_months(hall_id, month);

CREATE TABLE stat_staff (
    staff_id    BIGINT NOT NULL,             -- who accepted the case (0: nobody yet, not kept)
    day         TEXT NOT NULL,
    region_code TEXT NOT NULL,
    dept_id     BIGINT NOT NULL,
    hall_id     BIGINT NOT NULL,
    received             BIGINT NOT NULL DEFAULT 0,
    received_online      BIGINT NOT NULL DEFAULT 0,
    received_mobile      BIGINT NOT NULL DEFAULT 0,
    received_window      BIGINT NOT NULL DEFAULT 0,
    received_agent       BIGINT NOT NULL DEFAULT 0,
    corrected            BIGINT NOT NULL DEFAULT 0,
    corrected_repeat     BIGINT NOT NULL DEFAULT 0,
    accepted             BIGINT NOT NULL DEFAULT 0,
    accept_late          BIGINT NOT NULL DEFAULT 0,
    instant              BIGINT NOT NULL DEFAULT 0,
    refused              BIGINT NOT NULL DEFAULT 0,
    withdrawn            BIGINT NOT NULL DEFAULT 0,
    concluded            BIGINT NOT NULL DEFAULT 0,
    concluded_ontime     BIGINT NOT NULL DEFAULT 0,
    concluded_overdue    BIGINT NOT NULL DEFAULT 0,
    days_used            BIGINT NOT NULL DEFAULT 0,
    days_promised        BIGINT NOT NULL DEFAULT 0,
    no_visit             BIGINT NOT NULL DEFAULT 0,
    rated_1              BIGINT NOT NULL DEFAULT 0,
    rated_2              BIGINT NOT NULL DEFAULT 0,
    rated_3              BIGINT NOT NULL DEFAULT 0,
    rated_4              BIGINT NOT NULL DEFAULT 0,
    rated_5              BIGINT NOT NULL DEFAULT 0,
    named_bad            BIGINT NOT NULL DEFAULT 0,
    named_bad_callback   BIGINT NOT NULL DEFAULT 0,
    bad_rectified        BIGINT NOT NULL DEFAULT 0,
    bad_voided           BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (staff_id, day, region_code, dept_id, hall_id)
);

-- The same per region alone (every department and hall of it): what a
-- region's dashboard sums, a few rows per day however many departments.
CREATE TABLE stat_region_days (
    day         TEXT NOT NULL,
    region_code TEXT NOT NULL,
    received             BIGINT NOT NULL DEFAULT 0,
    received_online      BIGINT NOT NULL DEFAULT 0,
    received_mobile      BIGINT NOT NULL DEFAULT 0,
    received_window      BIGINT NOT NULL DEFAULT 0,
    received_agent       BIGINT NOT NULL DEFAULT 0,
    corrected            BIGINT NOT NULL DEFAULT 0,
    corrected_repeat     BIGINT NOT NULL DEFAULT 0,
    accepted             BIGINT NOT NULL DEFAULT 0,
    accept_late          BIGINT NOT NULL DEFAULT 0,
    instant              BIGINT NOT NULL DEFAULT 0,
    refused              BIGINT NOT NULL DEFAULT 0,
    withdrawn            BIGINT NOT NULL DEFAULT 0,
    concluded            BIGINT NOT NULL DEFAULT 0,
    concluded_ontime     BIGINT NOT NULL DEFAULT 0,
    concluded_overdue    BIGINT NOT NULL DEFAULT 0,
    days_used            BIGINT NOT NULL DEFAULT 0,
    days_promised        BIGINT NOT NULL DEFAULT 0,
    no_visit             BIGINT NOT NULL DEFAULT 0,
    rated_1              BIGINT NOT NULL DEFAULT 0,
    rated_2              BIGINT NOT NULL DEFAULT 0,
    rated_3              BIGINT NOT NULL DEFAULT 0,
    rated_4              BIGINT NOT NULL DEFAULT 0,
    rated_5              BIGINT NOT NULL DEFAULT 0,
    named_bad            BIGINT NOT NULL DEFAULT 0,
    named_bad_callback   BIGINT NOT NULL DEFAULT 0,
    bad_rectified        BIGINT NOT NULL DEFAULT 0,
    bad_voided           BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, region_code)
);

CREATE TABLE stat_region_months (
    month       TEXT NOT NULL,
    region_code TEXT NOT NULL,
    received             BIGINT NOT NULL DEFAULT 0,
    received_online      BIGINT NOT NULL DEFAULT 0,
    received_mobile      BIGINT NOT NULL DEFAULT 0,
    received_window      BIGINT NOT NULL DEFAULT 0,
    received_agent       BIGINT NOT NULL DEFAULT 0,
    corrected            BIGINT NOT NULL DEFAULT 0,
    corrected_repeat     BIGINT NOT NULL DEFAULT 0,
    accepted             BIGINT NOT NULL DEFAULT 0,
    accept_late          BIGINT NOT NULL DEFAULT 0,
    instant              BIGINT NOT NULL DEFAULT 0,
    refused              BIGINT NOT NULL DEFAULT 0,
    withdrawn            BIGINT NOT NULL DEFAULT 0,
    concluded            BIGINT NOT NULL DEFAULT 0,
    concluded_ontime     BIGINT NOT NULL DEFAULT 0,
    concluded_overdue    BIGINT NOT NULL DEFAULT 0,
    days_used            BIGINT NOT NULL DEFAULT 0,
    days_promised        BIGINT NOT NULL DEFAULT 0,
    no_visit             BIGINT NOT NULL DEFAULT 0,
    rated_1              BIGINT NOT NULL DEFAULT 0,
    rated_2              BIGINT NOT NULL DEFAULT 0,
    rated_3              BIGINT NOT NULL DEFAULT 0,
    rated_4              BIGINT NOT NULL DEFAULT 0,
    rated_5              BIGINT NOT NULL DEFAULT 0,
    named_bad            BIGINT NOT NULL DEFAULT 0,
    named_bad_callback   BIGINT NOT NULL DEFAULT 0,
    bad_rectified        BIGINT NOT NULL DEFAULT 0,
    bad_voided           BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (month, region_code)
);

-- Ranking schemes (政务服务能力建设评价办法): weighted indicators an admin edits.
CREATE TABLE rank_schemes (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    region_code TEXT NOT NULL,               -- whose scheme: ranks the depts or child regions under it
    name        TEXT NOT NULL,
    subject     TEXT NOT NULL CHECK (subject IN ('dept','region')),
    indicators  TEXT NOT NULL,               -- JSON [{"indicator":"ontime_rate","weight":30}, …]
    active      BOOLEAN NOT NULL DEFAULT TRUE,
    version     INTEGER NOT NULL DEFAULT 1,
    updated_by  BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX rank_schemes_region ON rank_schemes(region_code);

-- Kept rankings (晾晒): one row per scheme, period and ranked unit.
CREATE TABLE rank_snapshots (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    scheme_id    BIGINT NOT NULL REFERENCES rank_schemes(id),
    period       TEXT NOT NULL CHECK (period IN ('week','month')),
    period_start TEXT NOT NULL,              -- YYYY-MM-DD (a Monday, or the 1st)
    period_end   TEXT NOT NULL,              -- inclusive
    unit         TEXT NOT NULL,              -- dept id or region code
    unit_name    TEXT NOT NULL,
    score        DOUBLE PRECISION NOT NULL,
    rank         INTEGER NOT NULL,
    prev_rank    INTEGER NOT NULL DEFAULT 0, -- 0: not ranked in the previous period
    figures      TEXT NOT NULL,              -- JSON: each indicator's value and points
    created_at   BIGINT NOT NULL,
    UNIQUE (scheme_id, period, period_start, unit)
);

-- Supervision notices (督办): to a department, with a reply deadline.
CREATE TABLE supervision_notices (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    number      TEXT NOT NULL UNIQUE,
    region_code TEXT NOT NULL,
    dept_id     BIGINT NOT NULL,
    case_id     BIGINT NOT NULL DEFAULT 0,   -- the case it is about, 0 for a general notice
    subject     TEXT NOT NULL,
    body        TEXT NOT NULL,
    reply_due   TEXT NOT NULL,               -- YYYY-MM-DD
    status      TEXT NOT NULL CHECK (status IN ('open','replied','closed')),
    reply       TEXT NOT NULL DEFAULT '',
    replied_by  BIGINT NOT NULL DEFAULT 0,
    replied_at  BIGINT NOT NULL DEFAULT 0,
    closed_at   BIGINT NOT NULL DEFAULT 0,
    warned      INTEGER NOT NULL DEFAULT 0,
    created_by  BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX supervision_notices_dept ON supervision_notices(dept_id, status, reply_due);
CREATE INDEX supervision_notices_region ON supervision_notices(region_code, status, id);

-- The daily overdue digest: one per department and day, however many nodes run the job.
CREATE TABLE overdue_digests (
    dept_id  BIGINT NOT NULL,
    day      TEXT NOT NULL,
    cases    INTEGER NOT NULL,
    sent_at  BIGINT NOT NULL,
    PRIMARY KEY (dept_id, day)
);

-- +goose Down
DROP TABLE overdue_digests;
DROP TABLE supervision_notices;
DROP TABLE rank_snapshots;
DROP TABLE rank_schemes;
DROP TABLE stat_region_months;
DROP TABLE stat_region_days;
DROP TABLE stat_staff;
DROP TABLE stat_months;
DROP TABLE stat_days;
DROP TABLE rating_tokens;
DROP TABLE rectification_limits;
ALTER TABLE rectifications DROP COLUMN closed_at;
ALTER TABLE rectifications DROP COLUMN outcome;
ALTER TABLE rectifications DROP COLUMN warned;
ALTER TABLE rectifications DROP COLUMN named;
ALTER TABLE ratings DROP COLUMN staff_id;
DROP INDEX cases_due;
DROP INDEX cases_accepted;
DROP INDEX cases_submitted;
DROP INDEX cases_concluded;
ALTER TABLE cases DROP COLUMN promised_days;
ALTER TABLE cases DROP COLUMN used_days;
ALTER TABLE cases DROP COLUMN visits;
ALTER TABLE cases DROP COLUMN accept_late;
ALTER TABLE cases DROP COLUMN accepted_by;
