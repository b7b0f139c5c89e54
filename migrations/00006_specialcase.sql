-- +goose Up
-- Special-case applications (特例单议申请): one per settlement while open, a
-- state machine (specialcase.Machine) with a version column, an immutable
-- timeline of transitions, evidence by SHA-256, information requests with
-- working-day deadlines, a thread, the quota counters and the timers.
CREATE SEQUENCE special_application_no;

CREATE TABLE special_applications (
    id              uuid PRIMARY KEY,
    -- the number people quote: TY + year + sequence (TY2026000123)
    no              text        NOT NULL UNIQUE,
    region_code     char(6)     NOT NULL REFERENCES regions (code),
    hospital_id     uuid        NOT NULL REFERENCES hospitals (id),
    case_id         bigint      NOT NULL,
    settlement_id   text        NOT NULL,
    discharged_on   date        NOT NULL,
    types           text[]      NOT NULL,
    status          text        NOT NULL CHECK (status IN ('DRAFT', 'HOSPITAL_REVIEW', 'SUBMITTED', 'RETURNED_FOR_INFO',
                        'ACCEPTED', 'REJECTED_AT_INTAKE', 'WITHDRAWN', 'EXPERT_REVIEW', 'DECIDED', 'APPEALED',
                        'REGROUPED', 'SETTLED')),
    open            boolean     NOT NULL DEFAULT true,
    version         integer     NOT NULL DEFAULT 1,
    justification   text        NOT NULL DEFAULT '',
    claimed_amount  numeric(14,2),
    -- GROUPING_DISPUTE: the proposed codes and the what-if result
    proposal        jsonb,
    -- at submission to the bureau: the case's grouping and payment, and the
    -- automatic screening hits
    snapshot        jsonb,
    screening       jsonb,
    created_by      uuid        NOT NULL REFERENCES users (id),
    assigned_to     uuid REFERENCES users (id),
    quota_key       text        NOT NULL DEFAULT '',
    quota_period    text        NOT NULL DEFAULT '',
    -- holds one unit of special_quota_usage (released on rejection at
    -- intake, or on a withdrawal the replacement rule allows)
    quota_held      boolean     NOT NULL DEFAULT false,
    intake_due      date,
    escalated       boolean     NOT NULL DEFAULT false,
    evidence_frozen boolean     NOT NULL DEFAULT false,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    submitted_at    timestamptz
);
-- a settlement has at most one open application
CREATE UNIQUE INDEX special_applications_open_case ON special_applications (hospital_id, settlement_id) WHERE open;
CREATE INDEX special_applications_hospital ON special_applications (hospital_id, status, updated_at DESC, id DESC);
CREATE INDEX special_applications_region ON special_applications (region_code, status, updated_at DESC, id DESC);
CREATE INDEX special_applications_creator ON special_applications (created_by, updated_at DESC);
CREATE INDEX special_applications_quota ON special_applications (quota_key, quota_period) WHERE quota_held;

-- the timeline: one row per transition, never changed
CREATE TABLE special_application_events (
    application_id uuid        NOT NULL REFERENCES special_applications (id),
    seq            integer     NOT NULL,
    at             timestamptz NOT NULL,
    actor_id       uuid REFERENCES users (id),
    actor_name     text        NOT NULL,
    actor_role     text        NOT NULL,
    command        text        NOT NULL,
    from_status    text        NOT NULL,
    to_status      text        NOT NULL,
    reason_code    text        NOT NULL DEFAULT '',
    note           text        NOT NULL DEFAULT '',
    data           jsonb,
    PRIMARY KEY (application_id, seq)
);

CREATE TABLE special_application_evidence (
    id             uuid PRIMARY KEY,
    application_id uuid        NOT NULL REFERENCES special_applications (id),
    kind           text        NOT NULL,
    -- evidence: the application's material; supplement: a reply to an
    -- information request; attachment: a file sent in the thread
    purpose        text        NOT NULL CHECK (purpose IN ('evidence', 'supplement', 'attachment')),
    file_name      text        NOT NULL,
    content_type   text        NOT NULL,
    size_bytes     bigint      NOT NULL,
    sha256         text        NOT NULL,
    uploaded_by    uuid        NOT NULL REFERENCES users (id),
    uploaded_side  text        NOT NULL CHECK (uploaded_side IN ('hospital', 'bureau')),
    info_request_id uuid,
    created_at     timestamptz NOT NULL,
    deleted_at     timestamptz
);
CREATE INDEX special_application_evidence_app ON special_application_evidence (application_id, created_at);

CREATE TABLE special_info_requests (
    id             uuid PRIMARY KEY,
    application_id uuid        NOT NULL REFERENCES special_applications (id),
    reason_code    text        NOT NULL,
    note           text        NOT NULL DEFAULT '',
    requested_by   uuid REFERENCES users (id),
    requested_at   timestamptz NOT NULL,
    due_on         date        NOT NULL,
    remind_on      date        NOT NULL,
    answered_at    timestamptz,
    expired_at     timestamptz
);
CREATE INDEX special_info_requests_app ON special_info_requests (application_id, requested_at DESC);

CREATE TABLE special_application_messages (
    id             uuid PRIMARY KEY,
    application_id uuid        NOT NULL REFERENCES special_applications (id),
    author_id      uuid REFERENCES users (id),
    author_name    text        NOT NULL,
    side           text        NOT NULL CHECK (side IN ('hospital', 'bureau', 'system')),
    body           text        NOT NULL,
    attachment_ids uuid[]      NOT NULL DEFAULT '{}',
    created_at     timestamptz NOT NULL
);
CREATE INDEX special_application_messages_app ON special_application_messages (application_id, created_at);

-- quota use per key (region code or hospital id) and period (2026Q1,
-- 2026-03, 2026): a conditional increment keeps concurrent submissions
-- within the cap
CREATE TABLE special_quota_usage (
    quota_key   text    NOT NULL,
    period      text    NOT NULL,
    used        integer NOT NULL DEFAULT 0 CHECK (used >= 0),
    replaced    integer NOT NULL DEFAULT 0 CHECK (replaced >= 0),
    PRIMARY KEY (quota_key, period)
);

-- timers fired by the single scheduler's periodic task, on the injectable
-- clock: information-request reminders and expiry, intake service level
CREATE TABLE special_timers (
    id             bigserial PRIMARY KEY,
    application_id uuid        NOT NULL REFERENCES special_applications (id),
    kind           text        NOT NULL CHECK (kind IN ('info_reminder', 'info_expiry', 'intake_overdue')),
    ref_id         uuid,
    fire_on        date        NOT NULL,
    fired_at       timestamptz,
    cancelled_at   timestamptz
);
CREATE INDEX special_timers_due ON special_timers (fire_on) WHERE fired_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX special_timers_app ON special_timers (application_id) WHERE fired_at IS NULL AND cancelled_at IS NULL;

-- Idempotency-Key: the stored answer to a mutating call, per caller. This
-- replaces the unused placeholder of 00001 (a pending state, the operation
-- and the content type were missing).
DROP TABLE idempotency_keys;
CREATE TABLE idempotency_keys (
    owner        text        NOT NULL,
    key          text        NOT NULL,
    operation    text        NOT NULL,
    request_hash bytea       NOT NULL,
    status       integer     NOT NULL DEFAULT 0,
    content_type text        NOT NULL DEFAULT '',
    body         bytea,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (owner, key)
);
CREATE INDEX idempotency_keys_age ON idempotency_keys (created_at);

GRANT SELECT, INSERT, UPDATE ON special_applications, special_application_evidence, special_info_requests,
    special_quota_usage, special_timers TO teyi_app;
GRANT SELECT, INSERT ON special_application_events, special_application_messages TO teyi_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON idempotency_keys TO teyi_app;
GRANT USAGE, SELECT ON SEQUENCE special_application_no, special_timers_id_seq TO teyi_app;

-- +goose Down
DROP TABLE idempotency_keys;
CREATE TABLE idempotency_keys (
    scope        text        NOT NULL,
    key          text        NOT NULL,
    request_hash text        NOT NULL,
    status       int         NOT NULL,
    response     bytea       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created_idx ON idempotency_keys (created_at);
DROP TABLE special_timers;
DROP TABLE special_quota_usage;
DROP TABLE special_application_messages;
DROP TABLE special_info_requests;
DROP TABLE special_application_evidence;
DROP TABLE special_application_events;
DROP TABLE special_applications;
DROP SEQUENCE special_application_no;
