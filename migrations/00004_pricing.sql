-- +goose Up
-- Pricing parameter versions (DRG weights, base rates, coefficients, outlier
-- thresholds, patient share) per region and year, with effective dates. The
-- content is a pricing.Spec as JSON; the pricing package validates it. The
-- rule that two active versions of a region never overlap is kept in Go
-- (pricing.Activate) under a row lock of the region's active versions.
CREATE TABLE pricing_versions (
    id                uuid PRIMARY KEY,
    region_code       char(6)     NOT NULL REFERENCES regions (code),
    year              integer     NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    number            integer     NOT NULL CHECK (number >= 1),
    -- draft → active → retired (a draft may also be retired: withdrawn)
    status            text        NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'active', 'retired')),
    method            text        NOT NULL CHECK (method IN ('rate', 'point')),
    effective_from    date        NOT NULL,
    effective_to      date,
    spec              jsonb       NOT NULL,
    weight_count      integer     NOT NULL DEFAULT 0,
    -- DRG names from an imported catalogue, by code (display only)
    names             jsonb       NOT NULL DEFAULT '{}',
    source            text        NOT NULL DEFAULT '',
    created_by        uuid REFERENCES users (id),
    created_by_name   text        NOT NULL DEFAULT '',
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    activated_by      uuid REFERENCES users (id),
    activated_by_name text        NOT NULL DEFAULT '',
    activated_at      timestamptz,
    retired_by_name   text        NOT NULL DEFAULT '',
    retired_at        timestamptz,
    version           integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
    UNIQUE (region_code, year, number),
    CHECK (effective_to IS NULL OR effective_to >= effective_from),
    CHECK (status <> 'active' OR activated_at IS NOT NULL)
);
CREATE INDEX pricing_versions_region ON pricing_versions (region_code, status, effective_from);

GRANT SELECT, INSERT, UPDATE, DELETE ON pricing_versions TO teyi_app;

-- +goose Down
DROP TABLE pricing_versions;
