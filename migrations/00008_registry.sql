-- +goose Up
-- New drug, device and technology registry (新药耗新技术备案, 除外支付;
-- domain.md §1.2). A hospital files an item; the bureau approves it for a
-- validity period and a scope, or rejects it. Approved (and expired)
-- filings carve their code out of the DRG bundle of cases discharged while
-- they were in force.
CREATE TABLE registry_items (
    id              uuid        PRIMARY KEY,
    region_code     char(6)     NOT NULL REFERENCES regions (code),
    hospital_id     uuid        NOT NULL REFERENCES hospitals (id),
    kind            text        NOT NULL CHECK (kind IN ('drug', 'consumable', 'service')),
    code            text        NOT NULL CHECK (code ~ '^[0-9A-Z]{9,40}$'),
    name            text        NOT NULL CHECK (name <> ''),
    listed_on       date        NOT NULL,
    expected_cases  integer     NOT NULL DEFAULT 0 CHECK (expected_cases >= 0),
    justification   text        NOT NULL DEFAULT '',
    status          text        NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'submitted', 'approved', 'rejected', 'withdrawn', 'expired')),
    scope           text        NOT NULL DEFAULT '' CHECK (scope IN ('', 'region', 'hospital')),
    valid_from      date,
    valid_to        date,
    reject_reason   text        NOT NULL DEFAULT '',
    created_by      uuid REFERENCES users (id),
    created_by_name text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    submitted_at    timestamptz,
    decided_by_name text        NOT NULL DEFAULT '',
    decided_at      timestamptz,
    reminded_at     timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    version         integer     NOT NULL DEFAULT 1,
    CHECK (status NOT IN ('approved', 'expired') OR (valid_from IS NOT NULL AND valid_to IS NOT NULL AND valid_from <= valid_to AND scope <> ''))
);
-- One open or approved filing per hospital and code.
CREATE UNIQUE INDEX registry_items_open_uq ON registry_items (hospital_id, code)
    WHERE status IN ('draft', 'submitted', 'approved');
CREATE INDEX registry_items_hospital_idx ON registry_items (hospital_id, created_at DESC);
CREATE INDEX registry_items_region_idx ON registry_items (region_code, status, created_at DESC);
CREATE INDEX registry_items_approved_idx ON registry_items (region_code, valid_to) WHERE status IN ('approved', 'expired');

-- Evidence files of a filing; the bytes are kept by SHA-256 in the
-- evidence store (platform/storage), deduplicated.
CREATE TABLE registry_evidence (
    id               uuid        PRIMARY KEY,
    item_id          uuid        NOT NULL REFERENCES registry_items (id),
    sha256           char(64)    NOT NULL,
    size             bigint      NOT NULL CHECK (size > 0),
    content_type     text        NOT NULL,
    file_name        text        NOT NULL,
    uploaded_by_name text        NOT NULL DEFAULT '',
    uploaded_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registry_evidence_item_idx ON registry_evidence (item_id, uploaded_at);

GRANT SELECT, INSERT, UPDATE ON registry_items TO teyi_app;
GRANT SELECT, INSERT ON registry_evidence TO teyi_app;

-- +goose Down
DROP TABLE registry_evidence;
DROP TABLE registry_items;
