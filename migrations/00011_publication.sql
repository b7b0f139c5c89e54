-- +goose Up
-- The semi-annual special-case publication (特例单议情况公示, domain.md §1.6):
-- per region and half-year, each hospital's applications, approvals by
-- form, rejections, quota and approved amounts. A bureau administrator
-- builds a draft from the data (re-drafting replaces it, revision + 1) and
-- publishes it as an immutable version n with its content and SHA-256.
-- Package publication.

-- one draft per region and period, rebuilt in place; bureau only
CREATE TABLE publication_drafts (
    id            uuid PRIMARY KEY,
    region_code   char(6)     NOT NULL REFERENCES regions (code),
    period        text        NOT NULL CHECK (period ~ '^[0-9]{4}H[12]$'),
    revision      integer     NOT NULL DEFAULT 1 CHECK (revision >= 1),
    -- publication.Report as JSON; sha256 is the hex SHA-256 of its Go
    -- encoding (publication.Digest)
    content       jsonb       NOT NULL,
    sha256        text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    built_by      uuid REFERENCES users (id),
    built_by_name text        NOT NULL DEFAULT '',
    built_at      timestamptz NOT NULL,
    UNIQUE (region_code, period)
);

-- the published versions: never changed or removed (like audit_events)
CREATE TABLE publications (
    id                uuid PRIMARY KEY,
    region_code       char(6)     NOT NULL REFERENCES regions (code),
    period            text        NOT NULL CHECK (period ~ '^[0-9]{4}H[12]$'),
    version           integer     NOT NULL CHECK (version >= 1),
    content           jsonb       NOT NULL,
    sha256            text        NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    -- the draft revision it was published from: a revision is published once
    draft_id          uuid        NOT NULL REFERENCES publication_drafts (id),
    draft_revision    integer     NOT NULL,
    published_by      uuid REFERENCES users (id),
    published_by_name text        NOT NULL DEFAULT '',
    published_at      timestamptz NOT NULL,
    UNIQUE (region_code, period, version),
    UNIQUE (draft_id, draft_revision)
);
CREATE INDEX publications_region ON publications (region_code, period, version DESC);

-- +goose StatementBegin
CREATE FUNCTION publications_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a published special-case report is immutable (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
-- +goose StatementEnd
CREATE TRIGGER publications_no_update BEFORE UPDATE OR DELETE ON publications
    FOR EACH ROW EXECUTE FUNCTION publications_append_only();
CREATE TRIGGER publications_no_truncate BEFORE TRUNCATE ON publications
    FOR EACH STATEMENT EXECUTE FUNCTION publications_append_only();

-- the report selects a half-year's applications by their submission to the
-- bureau
CREATE INDEX special_applications_submitted ON special_applications (region_code, submitted_at)
    WHERE submitted_at IS NOT NULL;

-- 00002's default privileges gave teyi_app every right on new tables: take
-- back what the workflow must not do
REVOKE ALL ON publication_drafts, publications FROM teyi_app;
GRANT SELECT, INSERT, UPDATE ON publication_drafts TO teyi_app;
GRANT SELECT, INSERT ON publications TO teyi_app;

-- +goose Down
DROP INDEX special_applications_submitted;
DROP TABLE publications;
DROP FUNCTION publications_append_only();
DROP TABLE publication_drafts;
