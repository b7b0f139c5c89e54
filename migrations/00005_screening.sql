-- +goose Up
-- Special-case screening rules per region (智能评审规则). A region without a
-- row uses the defaults (casefile.DefaultScreenRules). Imports read the
-- region's rules when they start; changed rules apply to later imports.
CREATE TABLE screening_rules (
    region_code char(6)     PRIMARY KEY REFERENCES regions (code),
    rules       jsonb       NOT NULL,
    version     integer     NOT NULL DEFAULT 1,
    updated_by  uuid REFERENCES users (id),
    updated_at  timestamptz NOT NULL DEFAULT now()
);
GRANT SELECT, INSERT, UPDATE ON screening_rules TO teyi_app;

-- +goose Down
DROP TABLE screening_rules;
