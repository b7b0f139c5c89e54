-- +goose Up
-- In-app notifications (the bell and the notification centre) and each
-- user's e-mail settings. A notification belongs to one user; the sender
-- writes one row per recipient in the sender's own transaction.
CREATE TABLE notifications (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- kind names the i18n text notify.kind.<kind>; title and body are the
    -- Chinese text (e-mail, and the fallback of the UI)
    kind        text        NOT NULL CHECK (kind ~ '^[a-z][a-z0-9_.]{0,63}$'),
    title       text        NOT NULL CHECK (title <> ''),
    body        text        NOT NULL DEFAULT '',
    params      jsonb       NOT NULL DEFAULT '{}'::jsonb,
    -- an in-app path such as /applications/ID
    link        text        NOT NULL DEFAULT '' CHECK (link = '' OR link ~ '^/[^/\\]'),
    object_type text        NOT NULL DEFAULT '',
    object_id   text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now(),
    read_at     timestamptz,
    -- set when the e-mail of this notification went out (the worker's
    -- idempotency mark)
    emailed_at  timestamptz
);
-- a user's list, newest first (and its cursor)
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC, id DESC);
-- the unread count and the unread filter
CREATE INDEX notifications_unread_idx ON notifications (user_id, created_at DESC, id DESC) WHERE read_at IS NULL;

-- Users carry no e-mail address: a user enters one on the profile page.
CREATE TABLE notification_settings (
    user_id       uuid PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    email         text        NOT NULL DEFAULT '' CHECK (length(email) <= 254),
    email_enabled boolean     NOT NULL DEFAULT false,
    version       integer     NOT NULL DEFAULT 1 CHECK (version >= 1),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    CHECK (NOT email_enabled OR email <> '')
);

GRANT SELECT, INSERT, UPDATE, DELETE ON notifications, notification_settings TO teyi_app;

-- +goose Down
DROP TABLE notification_settings;
DROP TABLE notifications;
