-- +goose Up
-- The 12345 hotline (docs/hotline.md): the subject classification, the
-- dispatch rules (subject × region → department), the time limits, the
-- tickets with the departments they are sent to, and their timeline.

-- Subjects (诉求分类), a tree by parent_code. A fast-lane subject
-- (企业直通车) and everything under it gets the enterprise limits.
CREATE TABLE hotline_subjects (
    code        TEXT PRIMARY KEY,               -- 01, 0101, 010101: two digits per level
    parent_code TEXT NOT NULL DEFAULT '',       -- '' at the top
    name        TEXT NOT NULL,
    fast_lane   BOOLEAN NOT NULL DEFAULT 0,
    active      BOOLEAN NOT NULL DEFAULT 1,
    sort        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX hotline_subjects_parent ON hotline_subjects(parent_code, sort, code);

-- Responsibility: the department a subject goes to in a region (its
-- subtree). The rule of the nearest region up the tree wins, and within
-- it the nearest subject up the tree; several rows of one pair: the lead
-- department and those that assist.
CREATE TABLE hotline_rules (
    id           INTEGER PRIMARY KEY,
    subject_code TEXT NOT NULL REFERENCES hotline_subjects(code),
    region_code  TEXT NOT NULL REFERENCES regions(code),
    dept_id      INTEGER NOT NULL REFERENCES depts(id),
    lead         BOOLEAN NOT NULL DEFAULT 1,
    created_by   INTEGER NOT NULL DEFAULT 0,
    created_at   BIGINT NOT NULL,
    UNIQUE (subject_code, region_code, dept_id)
);
CREATE INDEX hotline_rules_region ON hotline_rules(region_code, subject_code);

-- Time limits by class ('default', 'enterprise' for the fast lane, or a
-- ticket type such as 'complaint') and urgency. unit 'hour': clock hours
-- that fall on working days; 'day': working days, due at the end of the day.
CREATE TABLE hotline_limits (
    class         TEXT NOT NULL,
    urgency       TEXT NOT NULL CHECK (urgency IN ('normal','urgent')),
    sign_n        INTEGER NOT NULL,
    sign_unit     TEXT NOT NULL CHECK (sign_unit IN ('hour','day')),
    handle_n      INTEGER NOT NULL,
    handle_unit   TEXT NOT NULL CHECK (handle_unit IN ('hour','day')),
    complex_days  INTEGER NOT NULL,            -- working days for a ticket marked complex
    updated_by    INTEGER NOT NULL DEFAULT 0,
    updated_at    BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (class, urgency)
);
INSERT INTO hotline_limits (class, urgency, sign_n, sign_unit, handle_n, handle_unit, complex_days) VALUES
    ('default', 'normal', 1, 'day', 5, 'day', 15),
    ('default', 'urgent', 2, 'hour', 1, 'day', 5),
    ('enterprise', 'normal', 1, 'day', 5, 'day', 15),
    ('enterprise', 'urgent', 2, 'hour', 1, 'day', 5);

CREATE TABLE tickets (
    id                INTEGER PRIMARY KEY,
    number            TEXT NOT NULL UNIQUE,          -- 533400-RX-20261208-000001
    channel           TEXT NOT NULL CHECK (channel IN ('phone','web','mobile','email','transfer','open311')),
    type              TEXT NOT NULL CHECK (type IN ('consult','help','complaint','report','suggestion','praise')),
    subject_code      TEXT NOT NULL REFERENCES hotline_subjects(code),
    region_code       TEXT NOT NULL REFERENCES regions(code),
    address           TEXT NOT NULL DEFAULT '',
    urgency           TEXT NOT NULL CHECK (urgency IN ('normal','urgent')),
    complex           BOOLEAN NOT NULL DEFAULT 0,
    content           TEXT NOT NULL,
    caller_name       TEXT NOT NULL DEFAULT '',
    caller_phone_enc  BLOB,                        -- SM4 (internal/pii); never in logs or audit
    caller_phone_idx  TEXT,
    caller_phone_mask TEXT NOT NULL DEFAULT '',
    confidential      BOOLEAN NOT NULL DEFAULT 0,  -- 保密: departments never see the caller
    status            TEXT NOT NULL CHECK (status IN ('dispatching','dispatched','returning','handling','extending','replied','callback','closed')),
    outcome           TEXT NOT NULL DEFAULT '' CHECK (outcome IN ('','resolved','explained','unresolvable','duplicate','invalid')),
    dept_id           INTEGER NOT NULL DEFAULT 0,      -- the lead department, 0 before dispatch
    taker_id          INTEGER NOT NULL DEFAULT 0,      -- the agent who took it
    dispatched_at     BIGINT NOT NULL DEFAULT 0,     -- the latest dispatch
    sign_due          BIGINT NOT NULL DEFAULT 0,     -- instants (ms)
    signed_at         BIGINT NOT NULL DEFAULT 0,
    sign_late         BOOLEAN NOT NULL DEFAULT 0,
    handle_due        BIGINT NOT NULL DEFAULT 0,
    replied_at        BIGINT NOT NULL DEFAULT 0,
    reply_late        BOOLEAN NOT NULL DEFAULT 0,
    first_contact     BOOLEAN NOT NULL DEFAULT 0,  -- 一次办结 at intake
    returns           INTEGER NOT NULL DEFAULT 0,    -- 退单 accepted
    return_asks       INTEGER NOT NULL DEFAULT 0,    -- 退单 asked
    reopens           INTEGER NOT NULL DEFAULT 0,    -- 重办 after 不满意
    extensions        INTEGER NOT NULL DEFAULT 0,
    urges             INTEGER NOT NULL DEFAULT 0,
    satisfaction      TEXT NOT NULL DEFAULT '' CHECK (satisfaction IN ('','satisfied','basic','unsatisfied')),
    callback_at       BIGINT NOT NULL DEFAULT 0,
    merged_into       INTEGER NOT NULL DEFAULT 0,
    warned            INTEGER NOT NULL DEFAULT 0,    -- bit 1 sign overdue warned, bit 2 handle overdue warned
    data              TEXT NOT NULL,                 -- JSON: assists, reply, pending return/extension, answer
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    closed_at         BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX tickets_region ON tickets(region_code, status, id);
CREATE INDEX tickets_dept ON tickets(dept_id, status, id);
CREATE INDEX tickets_status ON tickets(status, id);
CREATE INDEX tickets_taker ON tickets(taker_id, id);
CREATE INDEX tickets_subject ON tickets(subject_code, region_code, created_at);
CREATE INDEX tickets_created ON tickets(created_at);
CREATE INDEX tickets_phone ON tickets(caller_phone_idx);

-- The departments a ticket is sent to: the lead and those assisting.
CREATE TABLE ticket_depts (
    ticket_id INTEGER NOT NULL REFERENCES tickets(id),
    dept_id   INTEGER NOT NULL REFERENCES depts(id),
    lead      BOOLEAN NOT NULL,
    PRIMARY KEY (ticket_id, dept_id)
);
CREATE INDEX ticket_depts_dept ON ticket_depts(dept_id, ticket_id);

-- A ticket's timeline (its audit events are in audit_events too). Never
-- holds the caller's name or number.
CREATE TABLE ticket_events (
    id          INTEGER PRIMARY KEY,
    ticket_id   INTEGER NOT NULL REFERENCES tickets(id),
    at          BIGINT NOT NULL,
    actor_id    INTEGER NOT NULL DEFAULT 0,
    actor_name  TEXT NOT NULL,
    role        TEXT NOT NULL,
    action      TEXT NOT NULL,
    from_status TEXT NOT NULL,
    to_status   TEXT NOT NULL,
    dept_id     INTEGER NOT NULL DEFAULT 0,
    comment     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX ticket_events_ticket ON ticket_events(ticket_id, id);

INSERT INTO hotline_subjects (code, parent_code, name, fast_lane, sort) VALUES
    ('01', '', '营商环境', 0, 1),
    ('0101', '01', '企业直通车', 1, 1),
    ('010101', '0101', '企业开办', 0, 1),
    ('010102', '0101', '涉企收费', 0, 2),
    ('010103', '0101', '惠企政策兑现', 0, 3),
    ('010104', '0101', '项目审批', 0, 4),
    ('0102', '01', '营商政策咨询', 0, 2),
    ('02', '', '市场监管', 0, 2),
    ('0201', '02', '食品安全', 0, 1),
    ('0202', '02', '价格监管', 0, 2),
    ('0203', '02', '消费维权', 0, 3),
    ('03', '', '城乡建设', 0, 3),
    ('0301', '03', '物业管理', 0, 1),
    ('0302', '03', '房屋质量', 0, 2),
    ('0303', '03', '市政设施', 0, 3),
    ('04', '', '交通运输', 0, 4),
    ('0401', '04', '出租车', 0, 1),
    ('0402', '04', '公交客运', 0, 2),
    ('0403', '04', '道路养护', 0, 3),
    ('05', '', '社会保障', 0, 5),
    ('0501', '05', '养老保险', 0, 1),
    ('0502', '05', '医疗保险', 0, 2),
    ('0503', '05', '就业创业', 0, 3),
    ('06', '', '政务服务', 0, 6),
    ('0601', '06', '办事效率', 0, 1),
    ('0602', '06', '服务态度', 0, 2),
    ('07', '', '生态环境', 0, 7),
    ('0701', '07', '噪声污染', 0, 1),
    ('0702', '07', '大气污染', 0, 2),
    ('08', '', '文化旅游', 0, 8),
    ('0801', '08', '旅游投诉', 0, 1),
    ('99', '', '其他', 0, 99);

-- +goose Down
DROP TABLE ticket_events;
DROP TABLE ticket_depts;
DROP TABLE tickets;
DROP TABLE hotline_limits;
DROP TABLE hotline_rules;
DROP TABLE hotline_subjects;
