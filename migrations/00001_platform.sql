-- +goose Up
-- Transactional outbox: a row is written in the same transaction as the change
-- that causes the side effect; the relay enqueues it as an asynq task whose
-- TaskID is the row id, and the handler marks it done in its own transaction.
CREATE TABLE outbox (
    id            uuid PRIMARY KEY,
    kind          text        NOT NULL CHECK (kind <> ''),
    queue         text        NOT NULL,
    payload       jsonb       NOT NULL DEFAULT '{}'::jsonb,
    business_key  text,
    max_retry     int         NOT NULL DEFAULT 10 CHECK (max_retry >= 0),
    created_at    timestamptz NOT NULL DEFAULT now(),
    enqueued_at   timestamptz,
    enqueue_count int         NOT NULL DEFAULT 0,
    done_at       timestamptz,
    last_error    text
);
CREATE INDEX outbox_pending_idx ON outbox (created_at) WHERE enqueued_at IS NULL;
CREATE INDEX outbox_unfinished_idx ON outbox (enqueued_at) WHERE done_at IS NULL AND enqueued_at IS NOT NULL;

-- Effects already applied, keyed by business key: a task delivered twice
-- finds its key here and does nothing the second time.
CREATE TABLE task_effects (
    key     text PRIMARY KEY,
    kind    text        NOT NULL,
    task_id text        NOT NULL,
    done_at timestamptz NOT NULL DEFAULT now()
);

-- Stored responses for the Idempotency-Key header of mutating calls.
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

-- +goose Down
DROP TABLE idempotency_keys;
DROP TABLE task_effects;
DROP TABLE outbox;
