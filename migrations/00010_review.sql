-- +goose Up
-- Expert review (专家评审) of accepted special-case applications: the expert
-- pool, review cycles, recorded draws, panels and their members, sealed
-- votes, and the decisions a bureau reviewer confirms (with the decision
-- letter's verification code). Package review.

-- the pool: an expert's profile (issue 3) gains the pool's attributes
ALTER TABLE expert_profiles
    ADD COLUMN active          boolean     NOT NULL DEFAULT true,
    ADD COLUMN max_load        integer     NOT NULL DEFAULT 6 CHECK (max_load BETWEEN 1 AND 100),
    -- a third-party review organisation the expert votes for ('' = none)
    ADD COLUMN organisation    text        NOT NULL DEFAULT '',
    ADD COLUMN version         integer     NOT NULL DEFAULT 1,
    ADD COLUMN updated_at      timestamptz NOT NULL DEFAULT now();

-- periods in which an expert cannot review (leave, travel); experts keep
-- their own, administrators may too
CREATE TABLE expert_absences (
    id         uuid PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    starts_on  date        NOT NULL,
    ends_on    date        NOT NULL CHECK (ends_on >= starts_on),
    note       text        NOT NULL DEFAULT '',
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX expert_absences_user ON expert_absences (user_id, ends_on);

-- standing conflict declarations: a hospital, or a colleague (a user) whose
-- applications the expert must not judge; a conflict declared on seeing a
-- case names that application
CREATE TABLE expert_conflicts (
    id             uuid PRIMARY KEY,
    user_id        uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind           text        NOT NULL CHECK (kind IN ('hospital', 'colleague', 'application')),
    hospital_id    uuid REFERENCES hospitals (id),
    colleague_id   uuid REFERENCES users (id),
    application_id uuid REFERENCES special_applications (id),
    reason         text        NOT NULL DEFAULT '',
    created_at     timestamptz NOT NULL DEFAULT now(),
    CHECK ((kind = 'hospital') = (hospital_id IS NOT NULL)),
    CHECK ((kind = 'colleague') = (colleague_id IS NOT NULL)),
    CHECK ((kind = 'application') = (application_id IS NOT NULL))
);
CREATE INDEX expert_conflicts_user ON expert_conflicts (user_id);

-- a review cycle of a region (monthly, quarterly, or one application at a
-- time); its panels count against each expert's load
CREATE TABLE review_cycles (
    id          uuid PRIMARY KEY,
    region_code char(6)     NOT NULL REFERENCES regions (code),
    name        text        NOT NULL CHECK (name <> ''),
    cadence     text        NOT NULL CHECK (cadence IN ('monthly', 'quarterly', 'single')),
    starts_on   date        NOT NULL,
    ends_on     date        NOT NULL CHECK (ends_on >= starts_on),
    status      text        NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    opened_by   uuid REFERENCES users (id),
    created_at  timestamptz NOT NULL DEFAULT now(),
    closed_at   timestamptz
);
CREATE INDEX review_cycles_region ON review_cycles (region_code, created_at DESC);

-- a panel judges one application once: round 1 is the first review, round 2
-- the appeal (its decision is final). A panel returned by the bureau votes
-- again (vote_round 2).
CREATE TABLE panels (
    id             uuid PRIMARY KEY,
    application_id uuid        NOT NULL REFERENCES special_applications (id),
    region_code    char(6)     NOT NULL REFERENCES regions (code),
    hospital_id    uuid        NOT NULL REFERENCES hospitals (id),
    cycle_id       uuid REFERENCES review_cycles (id),
    round          integer     NOT NULL CHECK (round IN (1, 2)),
    size           integer     NOT NULL CHECK (size >= 3 AND size % 2 = 1),
    mdc            text        NOT NULL DEFAULT '',
    status         text        NOT NULL CHECK (status IN ('FORMING', 'VOTING', 'CLOSED', 'CONFIRMED')),
    vote_round     integer     NOT NULL DEFAULT 1 CHECK (vote_round IN (1, 2)),
    returned       boolean     NOT NULL DEFAULT false,
    return_reason  text        NOT NULL DEFAULT '',
    vote_due       timestamptz,
    reminded       boolean     NOT NULL DEFAULT false,
    closed_at      timestamptz,
    version        integer     NOT NULL DEFAULT 1,
    created_by     uuid REFERENCES users (id),
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    UNIQUE (application_id, round)
);
CREATE INDEX panels_region ON panels (region_code, status, created_at DESC);
CREATE INDEX panels_cycle ON panels (cycle_id);

-- every draw is recorded with its seed, the pool snapshot it drew from, the
-- request and the result, so `teyi panel replay DRAW_ID` reproduces it
CREATE TABLE panel_draws (
    id             uuid PRIMARY KEY,
    panel_id       uuid        NOT NULL REFERENCES panels (id),
    application_id uuid        NOT NULL REFERENCES special_applications (id),
    kind           text        NOT NULL CHECK (kind IN ('initial', 'replacement', 'appeal')),
    seed           bytea       NOT NULL,
    snapshot       jsonb       NOT NULL,
    request        jsonb       NOT NULL,
    result         jsonb       NOT NULL,
    drawn_by       uuid REFERENCES users (id),
    drawn_at       timestamptz NOT NULL
);
CREATE INDEX panel_draws_panel ON panel_draws (panel_id, drawn_at);

-- a member of a panel, shown to the hospital and in the letter by letter
-- (专家A, 专家B, …) only
CREATE TABLE panel_members (
    panel_id     uuid        NOT NULL REFERENCES panels (id),
    user_id      uuid        NOT NULL REFERENCES users (id),
    letter       text        NOT NULL,
    draw_id      uuid        NOT NULL REFERENCES panel_draws (id),
    status       text        NOT NULL CHECK (status IN ('INVITED', 'ACCEPTED', 'DECLINED', 'CONFLICT', 'EXPIRED')),
    respond_due  timestamptz NOT NULL,
    responded_at timestamptz,
    reason       text        NOT NULL DEFAULT '',
    invited_at   timestamptz NOT NULL,
    PRIMARY KEY (panel_id, user_id)
);
CREATE UNIQUE INDEX panel_members_letter ON panel_members (panel_id, letter);
CREATE INDEX panel_members_user ON panel_members (user_id, status);

-- sealed votes: one per member and vote round, never changed
CREATE TABLE panel_votes (
    panel_id          uuid          NOT NULL REFERENCES panels (id),
    user_id           uuid          NOT NULL REFERENCES users (id),
    vote_round        integer       NOT NULL,
    choice            text          NOT NULL CHECK (choice IN ('APPROVE_ITEM_BASED', 'APPROVE_ADJUSTED_STANDARD', 'REJECT')),
    rationale         text          NOT NULL CHECK (rationale <> ''),
    -- [{key, label, amount, reason}]
    deductions        jsonb         NOT NULL DEFAULT '[]'::jsonb,
    proposed_weight   numeric(10,4),
    proposed_standard numeric(14,2),
    cast_at           timestamptz   NOT NULL,
    PRIMARY KEY (panel_id, user_id, vote_round)
);

-- the decision a panel's votes produce under the decision rule, and its
-- confirmation by a bureau reviewer. version counts the decisions of one
-- application (the appeal's is the next version). letter_code is the
-- public verification code of the decision letter.
CREATE TABLE review_decisions (
    id                uuid PRIMARY KEY,
    application_id    uuid          NOT NULL REFERENCES special_applications (id),
    panel_id          uuid          NOT NULL REFERENCES panels (id),
    region_code       char(6)       NOT NULL REFERENCES regions (code),
    hospital_id       uuid          NOT NULL REFERENCES hospitals (id),
    version           integer       NOT NULL,
    vote_round        integer       NOT NULL,
    outcome           text          NOT NULL CHECK (outcome IN ('APPROVED_ITEM_BASED', 'APPROVED_ADJUSTED_STANDARD', 'REJECTED')),
    deductions        jsonb         NOT NULL DEFAULT '[]'::jsonb,
    deduction_total   numeric(14,2) NOT NULL DEFAULT 0,
    proposed_weight   numeric(10,4),
    proposed_standard numeric(14,2),
    -- the amount the decision approves (item-based: in-policy items minus
    -- deductions; adjusted standard: the new standard); issue 8 pays it
    approved_amount   numeric(14,2),
    rule_version      text          NOT NULL,
    tally             jsonb         NOT NULL,
    status            text          NOT NULL CHECK (status IN ('PROPOSED', 'CONFIRMED', 'RETURNED')),
    final             boolean       NOT NULL DEFAULT false,
    confirmed_by      uuid REFERENCES users (id),
    confirmed_at      timestamptz,
    return_reason     text          NOT NULL DEFAULT '',
    letter_code       text UNIQUE,
    letter_sha256     text,
    appeal_due        date,
    created_at        timestamptz   NOT NULL,
    UNIQUE (panel_id, vote_round)
);
CREATE INDEX review_decisions_app ON review_decisions (application_id, version);
CREATE INDEX review_decisions_region ON review_decisions (region_code, status, confirmed_at);
CREATE UNIQUE INDEX review_decisions_confirmed ON review_decisions (application_id, version) WHERE status = 'CONFIRMED';

GRANT SELECT, INSERT, UPDATE ON expert_profiles TO teyi_app;
GRANT SELECT, INSERT, DELETE ON expert_absences, expert_conflicts TO teyi_app;
GRANT SELECT, INSERT, UPDATE ON review_cycles, panels, panel_members, review_decisions TO teyi_app;
GRANT SELECT, INSERT ON panel_draws, panel_votes TO teyi_app;

-- +goose Down
DROP TABLE review_decisions;
DROP TABLE panel_votes;
DROP TABLE panel_members;
DROP TABLE panel_draws;
DROP TABLE panels;
DROP TABLE review_cycles;
DROP TABLE expert_conflicts;
DROP TABLE expert_absences;
ALTER TABLE expert_profiles DROP COLUMN active, DROP COLUMN max_load, DROP COLUMN organisation,
    DROP COLUMN version, DROP COLUMN updated_at;
