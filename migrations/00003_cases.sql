-- +goose Up
-- Cases from settlement lists (医保结算清单) and the imports that bring them.

-- One import: a file or an API push, committed all or nothing.
CREATE TABLE case_imports (
    id              uuid PRIMARY KEY,
    region_code     char(6)     NOT NULL REFERENCES regions (code),
    hospital_id     uuid        NOT NULL REFERENCES hospitals (id),
    created_by      uuid REFERENCES users (id),
    token_id        uuid REFERENCES api_tokens (id),
    source          text        NOT NULL CHECK (source IN ('upload', 'api', 'cli')),
    file_name       text        NOT NULL DEFAULT '',
    format          text        NOT NULL CHECK (format IN ('csv', 'xlsx', 'json')),
    size_bytes      bigint      NOT NULL DEFAULT 0,
    sha256          text        NOT NULL DEFAULT '',
    -- queued → running → committed | rejected (row errors) | failed (an error of ours)
    status          text        NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'running', 'committed', 'rejected', 'failed')),
    -- progress: phase validate (bytes_done of size_bytes) then commit
    -- (rows_done of rows_total)
    phase           text        NOT NULL DEFAULT '' CHECK (phase IN ('', 'validate', 'commit')),
    bytes_done      bigint      NOT NULL DEFAULT 0,
    rows_total      integer     NOT NULL DEFAULT 0,
    rows_done       integer     NOT NULL DEFAULT 0,
    error_count     integer     NOT NULL DEFAULT 0,
    cases_new       integer     NOT NULL DEFAULT 0,
    cases_replaced  integer     NOT NULL DEFAULT 0,
    message         text        NOT NULL DEFAULT '',
    -- where the uploaded bytes wait for the worker; cleared when done
    spool_path      text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    started_at      timestamptz,
    finished_at     timestamptz
);
CREATE INDEX case_imports_hospital ON case_imports (hospital_id, created_at DESC);
CREATE INDEX case_imports_region ON case_imports (region_code, created_at DESC);

-- The row-level error report of a rejected import (the first 10,000).
CREATE TABLE case_import_errors (
    import_id uuid    NOT NULL REFERENCES case_imports (id) ON DELETE CASCADE,
    seq       integer NOT NULL,
    line      integer NOT NULL,
    field     text    NOT NULL,
    value     text    NOT NULL DEFAULT '',
    reason    text    NOT NULL,
    PRIMARY KEY (import_id, seq)
);

-- One version of one case. A version is immutable: its grouping (plan, MDC,
-- ADRG, DRG) and its price are the record of what was computed on arrival.
-- Re-importing a settlement id adds version n+1 and marks version n as no
-- longer current; nothing is deleted.
CREATE TABLE cases (
    id                bigserial PRIMARY KEY,
    region_code       char(6)     NOT NULL,
    -- no foreign keys: a per-row check would halve bulk import speed; the
    -- import writes only its own hospital and import ids
    hospital_id       uuid        NOT NULL,
    import_id         uuid        NOT NULL,
    settlement_id     text        NOT NULL,
    version           integer     NOT NULL CHECK (version >= 1),
    current           boolean     NOT NULL DEFAULT true,
    superseded_at     timestamptz,
    visit_id          text        NOT NULL,
    mrn               text        NOT NULL DEFAULT '',
    admission_dept    text        NOT NULL DEFAULT '',
    discharge_dept    text        NOT NULL DEFAULT '',
    dept_count        smallint    NOT NULL DEFAULT 1,
    sex               smallint    NOT NULL,
    age               smallint    NOT NULL,
    age_days          smallint    NOT NULL DEFAULT -1,
    -- personal data: AES-GCM under TEYI_SECRET_KEY, masks for display, and a
    -- keyed digest of the ID number to link one person's cases
    name_enc          bytea,
    idno_enc          bytea,
    name_mask         text        NOT NULL DEFAULT '',
    idno_mask         text        NOT NULL DEFAULT '',
    patient_key       bigint      NOT NULL DEFAULT 0,
    insurance_type    text        NOT NULL,
    insured_place     text        NOT NULL DEFAULT '',
    cross_region      boolean     NOT NULL DEFAULT false,
    admitted_at       timestamptz NOT NULL,
    discharged_at     timestamptz NOT NULL,
    discharge_month   date        NOT NULL,
    los               integer     NOT NULL,
    discharge_way     smallint    NOT NULL DEFAULT 0,
    vent_hours        integer     NOT NULL DEFAULT 0,
    icu_hours         integer     NOT NULL DEFAULT 0,
    principal_dx      text        NOT NULL,
    principal_proc    text        NOT NULL DEFAULT '',
    total_cost        numeric(14,2) NOT NULL,
    -- grouping on arrival
    plan_id           text        NOT NULL,
    group_status      text        NOT NULL,
    mdc               text        NOT NULL DEFAULT '',
    adrg              text        NOT NULL DEFAULT '',
    drg               text        NOT NULL DEFAULT '',
    weight            numeric(10,4),
    -- pricing on arrival ('' class: not priced, see detail.pricing_error)
    pricing_version   text        NOT NULL DEFAULT '',
    price_class       text        NOT NULL DEFAULT '' CHECK (price_class IN ('', 'normal', 'high', 'low')),
    payment_standard  numeric(14,2),
    cost_ratio        numeric(12,4),
    drg_payment       numeric(14,2),
    fund_share        numeric(14,2),
    patient_share     numeric(14,2),
    fund_payment      numeric(14,2),
    -- screening (bit mask of candidate reasons) and quality control
    reasons           integer     NOT NULL DEFAULT 0,
    quality_errors    smallint    NOT NULL DEFAULT 0,
    quality_warnings  smallint    NOT NULL DEFAULT 0,
    readmit31         boolean     NOT NULL DEFAULT false,
    -- the list's own dscg_31days_rinp_flag: a readmission within 31 days
    -- planned at this discharge (the next stay's readmission is then expected)
    readmit_planned   boolean     NOT NULL DEFAULT false,
    -- the rest of the list (diagnoses, procedures, ICU, fees, items, payments)
    -- with the findings and what of the grouping the columns do not hold; no
    -- personal data. JSON (casefile.Detail, read with casefile.DecodeDetail)
    -- compressed with S2 and stored as bytea, not jsonb, for bulk import
    -- speed: parsing a ~1.5 KB document as jsonb costs the server more than
    -- the rest of the row, and compression cuts the heap and the WAL by about
    -- two thirds. `teyi` reads it; SQL filters use the columns.
    detail            bytea       NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX cases_current_settlement ON cases (hospital_id, settlement_id) WHERE current;
-- INCLUDE lets a hospital's month be sorted by cost or ratio from the index
-- alone (the list finds a page's ids first, then reads those rows)
CREATE INDEX cases_hospital_list ON cases (hospital_id, discharged_at DESC, id DESC)
    INCLUDE (region_code, total_cost, cost_ratio) WHERE current;
CREATE INDEX cases_region_list ON cases (region_code, discharged_at DESC, id DESC) WHERE current;
CREATE INDEX cases_region_drg ON cases (region_code, drg, discharged_at DESC, id DESC) WHERE current;
CREATE INDEX cases_hospital_mrn ON cases (hospital_id, mrn) WHERE current;
-- the candidates of a region or a hospital (about a tenth of the cases, so
-- small indexes). Sorting by cost or ratio is served within one discharge
-- month instead of by two more full indexes, which slowed a 1M-case import
-- by a third.
CREATE INDEX cases_region_candidates ON cases (region_code, discharged_at DESC, id DESC) WHERE current AND reasons <> 0;
CREATE INDEX cases_hospital_candidates ON cases (hospital_id, discharged_at DESC, id DESC) WHERE current AND reasons <> 0;

-- +goose StatementBegin
CREATE FUNCTION cases_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    n cases;
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'case versions are kept: delete is not allowed' USING ERRCODE = 'insufficient_privilege';
    END IF;
    n := NEW;
    n.current := OLD.current;
    n.superseded_at := OLD.superseded_at;
    IF n IS DISTINCT FROM OLD THEN
        RAISE EXCEPTION 'a case version is immutable: only current and superseded_at change' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END $$;
-- +goose StatementEnd
CREATE TRIGGER cases_immutable BEFORE UPDATE OR DELETE ON cases
    FOR EACH ROW EXECUTE FUNCTION cases_guard();

GRANT SELECT, INSERT, UPDATE, DELETE ON case_imports, case_import_errors, cases TO teyi_app;
GRANT USAGE, SELECT ON SEQUENCE cases_id_seq TO teyi_app;

-- +goose Down
DROP TABLE cases;
DROP FUNCTION cases_guard();
DROP TABLE case_import_errors;
DROP TABLE case_imports;
