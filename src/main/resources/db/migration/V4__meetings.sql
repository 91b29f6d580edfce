-- Meetings of the support process, their participants, and the outbox of invitation e-mails.
-- Titles, places, links, agendas, notes and external participants' names and addresses are
-- sealed under the meeting's child's key.

CREATE TABLE meeting (
    id                   uuid        PRIMARY KEY,
    child_id             uuid        NOT NULL REFERENCES child (id),
    kind                 text        NOT NULL CHECK (kind IN ('STANDING_TEAM', 'CHILD_TEAM_FIRST', 'CHILD_TEAM',
                                                             'FOLLOW_UP', 'CLOSING', 'COLLABORATION')),
    title_ct             bytea       NOT NULL,
    location_ct          bytea,
    video_link_ct        bytea,
    agenda_ct            bytea       NOT NULL,
    notes_ct             bytea,
    start_at             timestamptz NOT NULL,
    end_at               timestamptz NOT NULL,
    organiser_subject    uuid        NOT NULL,
    organiser_username   text        NOT NULL,
    organiser_name       text        NOT NULL,
    organiser_org        text,
    -- iCalendar SEQUENCE: raised by every change that attendees must see.
    sequence             integer     NOT NULL DEFAULT 0,
    status               text        NOT NULL DEFAULT 'SCHEDULED' CHECK (status IN ('SCHEDULED', 'CANCELLED')),
    reminder_at          timestamptz,
    reminder_sent_at     timestamptz,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CHECK (end_at > start_at)
);
CREATE INDEX meeting_by_child ON meeting (child_id, start_at);
CREATE INDEX meeting_reminder ON meeting (reminder_at) WHERE reminder_sent_at IS NULL AND status = 'SCHEDULED';

-- The children a standing Barnteam meeting takes up (the meeting's own child among them).
CREATE TABLE meeting_child (
    meeting_id  uuid NOT NULL REFERENCES meeting (id),
    child_id    uuid NOT NULL REFERENCES child (id),
    PRIMARY KEY (meeting_id, child_id)
);

CREATE TABLE meeting_participant (
    id              uuid        PRIMARY KEY,
    meeting_id      uuid        NOT NULL REFERENCES meeting (id),
    -- Professionals have accounts; guardians, the child and others may not.
    subject         uuid,
    username        text,
    display_name    text,
    name_ct         bytea,
    email_ct        bytea       NOT NULL,
    role            text        NOT NULL CHECK (role IN ('PROFESSIONAL', 'GUARDIAN', 'CHILD', 'OTHER')),
    answer          text        NOT NULL DEFAULT 'NEEDS_ACTION'
                                CHECK (answer IN ('NEEDS_ACTION', 'ACCEPTED', 'DECLINED', 'TENTATIVE')),
    answer_version  integer     NOT NULL DEFAULT 0,
    answered_at     timestamptz,
    added_at        timestamptz NOT NULL DEFAULT now(),
    removed_at      timestamptz
);
CREATE INDEX meeting_participant_meeting ON meeting_participant (meeting_id);
CREATE INDEX meeting_participant_subject ON meeting_participant (subject) WHERE removed_at IS NULL;
CREATE UNIQUE INDEX meeting_participant_account ON meeting_participant (meeting_id, username)
    WHERE username IS NOT NULL AND removed_at IS NULL;

-- Mails to send. A mail is rendered when it is sent, from the meeting as it is then; a request
-- made stale by a later change is superseded instead of sent. Rows are claimed for a while before
-- sending, so several nodes can work the outbox; nothing is lost if the SMTP server is down.
CREATE TABLE mail_outbox (
    id               uuid        PRIMARY KEY,
    meeting_id       uuid        NOT NULL REFERENCES meeting (id),
    participant_id   uuid        NOT NULL REFERENCES meeting_participant (id),
    kind             text        NOT NULL CHECK (kind IN ('REQUEST', 'CANCEL', 'REMINDER')),
    sequence         integer     NOT NULL,
    status           text        NOT NULL DEFAULT 'PENDING'
                                 CHECK (status IN ('PENDING', 'SENT', 'SUPERSEDED')),
    attempts         integer     NOT NULL DEFAULT 0,
    next_attempt_at  timestamptz NOT NULL DEFAULT now(),
    claimed_until    timestamptz,
    last_error       text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz
);
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at) WHERE status = 'PENDING';
CREATE INDEX mail_outbox_participant ON mail_outbox (participant_id, created_at);
