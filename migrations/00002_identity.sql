-- +goose Up
-- The application runs as teyi_app (the server issues SET ROLE teyi_app on
-- every connection, see TEYI_DB_ROLE): it may read and write the tables, but
-- it can never rewrite history in audit_events.
-- +goose StatementBegin
DO $$
BEGIN
    CREATE ROLE teyi_app NOLOGIN;
EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
-- +goose StatementEnd
GRANT USAGE ON SCHEMA public TO teyi_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO teyi_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO teyi_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO teyi_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO teyi_app;

-- 统筹地区: a pooling region, six-digit administrative code.
CREATE TABLE regions (
    code       char(6) PRIMARY KEY CHECK (code ~ '^[0-9]{6}$'),
    name       text        NOT NULL CHECK (name <> ''),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE hospitals (
    id          uuid PRIMARY KEY,
    code        text        NOT NULL UNIQUE CHECK (code ~ '^[A-Z0-9]{6,22}$'),
    name        text        NOT NULL CHECK (name <> ''),
    level       smallint    NOT NULL CHECK (level BETWEEN 1 AND 3),
    grade       text        NOT NULL DEFAULT '' CHECK (grade IN ('', '甲', '乙', '丙')),
    region_code char(6)     NOT NULL REFERENCES regions (code),
    group_name  text        NOT NULL DEFAULT '',
    active      boolean     NOT NULL DEFAULT true,
    created_at  timestamptz NOT NULL DEFAULT now(),
    updated_at  timestamptz NOT NULL DEFAULT now(),
    version     int         NOT NULL DEFAULT 1
);
CREATE INDEX hospitals_region_idx ON hospitals (region_code, name);

CREATE TABLE bureau_units (
    id          uuid PRIMARY KEY,
    region_code char(6) NOT NULL REFERENCES regions (code),
    name        text    NOT NULL CHECK (name <> ''),
    UNIQUE (region_code, name)
);

CREATE TABLE users (
    id                   uuid PRIMARY KEY,
    username             text        NOT NULL CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
    display_name         text        NOT NULL CHECK (display_name <> ''),
    password_hash        text        NOT NULL,
    must_change_password boolean     NOT NULL DEFAULT true,
    disabled             boolean     NOT NULL DEFAULT false,
    demo                 boolean     NOT NULL DEFAULT false,
    -- affiliation: hospital staff and experts belong to a hospital; bureau
    -- staff to a bureau unit.
    -- every user except system administrators belongs to one region
    region_code          char(6) REFERENCES regions (code),
    hospital_id          uuid REFERENCES hospitals (id),
    bureau_unit_id       uuid REFERENCES bureau_units (id),
    totp_secret          text,
    totp_enabled         boolean     NOT NULL DEFAULT false,
    totp_last_step       bigint      NOT NULL DEFAULT 0,
    failed_logins        int         NOT NULL DEFAULT 0,
    locked_until         timestamptz,
    password_changed_at  timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    version              int         NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX users_username_idx ON users (username);
CREATE INDEX users_hospital_idx ON users (hospital_id);
CREATE INDEX users_region_idx ON users (region_code);

-- A user holds roles in a domain: a hospital ('hospital', its id), a region
-- ('region', its code) or the whole system ('system', '').
CREATE TABLE user_roles (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role        text NOT NULL CHECK (role IN ('clinician', 'hospital_office', 'bureau_reviewer', 'bureau_admin',
                                              'expert', 'data_group', 'sysadmin')),
    domain_kind text NOT NULL CHECK (domain_kind IN ('hospital', 'region', 'system')),
    domain_id   text NOT NULL,
    PRIMARY KEY (user_id, role, domain_kind, domain_id)
);
CREATE INDEX user_roles_domain_idx ON user_roles (domain_kind, domain_id);

CREATE TABLE expert_profiles (
    user_id     uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    region_code char(6) NOT NULL REFERENCES regions (code),
    hospital_id uuid REFERENCES hospitals (id),
    specialties text[]  NOT NULL DEFAULT '{}',
    title       text    NOT NULL DEFAULT ''
);

CREATE TABLE recovery_codes (
    user_id   uuid  NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash bytea NOT NULL,
    used_at   timestamptz,
    PRIMARY KEY (user_id, code_hash)
);

CREATE TABLE sessions (
    id_hash      bytea PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token   text        NOT NULL,
    mfa_passed   boolean     NOT NULL DEFAULT false,
    -- the roles held at sign-in; changing a user's roles ends their sessions
    grants       jsonb       NOT NULL DEFAULT '[]'::jsonb,
    created_at   timestamptz NOT NULL,
    last_seen_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    ip           text        NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

-- Failed-login counters per client address (per account lives on users).
CREATE TABLE login_throttle (
    key          text PRIMARY KEY,
    failures     int         NOT NULL DEFAULT 0,
    window_start timestamptz NOT NULL,
    locked_until timestamptz
);

CREATE TABLE api_tokens (
    id           uuid PRIMARY KEY,
    hospital_id  uuid        NOT NULL REFERENCES hospitals (id),
    name         text        NOT NULL CHECK (name <> ''),
    prefix       text        NOT NULL,
    token_hash   bytea       NOT NULL UNIQUE,
    operations   text[]      NOT NULL CHECK (cardinality(operations) > 0),
    expires_at   timestamptz NOT NULL,
    revoked_at   timestamptz,
    created_by   uuid REFERENCES users (id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz
);
CREATE INDEX api_tokens_hospital_idx ON api_tokens (hospital_id);

-- Append-only, hash-chained audit log. Each row's hash covers its content and
-- the previous row's hash; `teyi audit verify` walks the chain.
CREATE TABLE audit_events (
    id          bigint PRIMARY KEY,
    at          timestamptz NOT NULL,
    actor_id    uuid,
    actor_name  text        NOT NULL DEFAULT '',
    role        text        NOT NULL DEFAULT '',
    domain      text        NOT NULL DEFAULT '',
    action      text        NOT NULL CHECK (action <> ''),
    object_type text        NOT NULL DEFAULT '',
    object_id   text        NOT NULL DEFAULT '',
    old_values  jsonb,
    new_values  jsonb,
    ip          text        NOT NULL DEFAULT '',
    request_id  text        NOT NULL DEFAULT '',
    -- the tenancy of the change, so a region's administrators see their own
    region_code text        NOT NULL DEFAULT '',
    hospital_id text        NOT NULL DEFAULT '',
    prev_hash   bytea       NOT NULL,
    hash        bytea       NOT NULL
);
CREATE INDEX audit_events_at_idx ON audit_events (at DESC);
CREATE INDEX audit_events_actor_idx ON audit_events (actor_id, at DESC);
CREATE INDEX audit_events_object_idx ON audit_events (object_type, object_id);
CREATE INDEX audit_events_action_idx ON audit_events (action, at DESC);
CREATE INDEX audit_events_region_idx ON audit_events (region_code, at DESC);

-- +goose StatementBegin
CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
-- +goose StatementEnd
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM teyi_app;
GRANT SELECT, INSERT ON audit_events TO teyi_app;

-- +goose Down
DROP TABLE audit_events;
DROP FUNCTION audit_events_append_only();
DROP TABLE api_tokens;
DROP TABLE login_throttle;
DROP TABLE sessions;
DROP TABLE recovery_codes;
DROP TABLE expert_profiles;
DROP TABLE user_roles;
DROP TABLE users;
DROP TABLE bureau_units;
DROP TABLE hospitals;
DROP TABLE regions;
