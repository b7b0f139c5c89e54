-- +goose Up
-- Special-case (特例单议) settings per region: quota, application window and
-- working-day deadlines (specialcase/settings.Settings as JSON in body).
-- Versions are never changed: a change is a new version with the day it
-- takes effect; the one in force on a day is the latest effective_from on
-- or before it (the higher version on a tie). A region without a row uses
-- settings.Default(). The primary key makes concurrent writers of the same
-- next version collide: the second one is stale.
CREATE TABLE specialcase_settings (
    region_code     char(6)     NOT NULL REFERENCES regions (code),
    version         integer     NOT NULL CHECK (version >= 1),
    effective_from  date        NOT NULL,
    body            jsonb       NOT NULL,
    created_by      uuid REFERENCES users (id),
    created_by_name text        NOT NULL DEFAULT '',
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_code, version)
);
CREATE INDEX specialcase_settings_effective ON specialcase_settings (region_code, effective_from DESC, version DESC);

-- A region's replacement of one year of the working-day calendar: its
-- holidays and adjusted working weekends ([{date, kind, name}], kind
-- holiday | workday). Years without a row use the calendar shipped in the
-- binary (platform/calendar/data); a year that was not shipped is added here.
CREATE TABLE calendar_years (
    region_code     char(6)     NOT NULL REFERENCES regions (code),
    year            integer     NOT NULL CHECK (year BETWEEN 2000 AND 2100),
    entries         jsonb       NOT NULL,
    version         integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
    updated_by      uuid REFERENCES users (id),
    updated_by_name text        NOT NULL DEFAULT '',
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (region_code, year)
);

GRANT SELECT, INSERT ON specialcase_settings TO teyi_app;
GRANT SELECT, INSERT, UPDATE ON calendar_years TO teyi_app;

-- +goose Down
DROP TABLE calendar_years;
DROP TABLE specialcase_settings;
