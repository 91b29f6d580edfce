-- The team channel per child: messages with a gap-free sequence, encrypted under the child's key.

-- One row per channel; sends lock it to take the next sequence number, so numbers are gap-free
-- (a rolled-back send rolls its number back too) and in commit order.
CREATE TABLE team_channel (
    child_id  uuid   PRIMARY KEY REFERENCES child (id),
    last_seq  bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0)
);

CREATE TABLE team_message (
    id               uuid        PRIMARY KEY,
    child_id         uuid        NOT NULL REFERENCES child (id),
    seq              bigint      NOT NULL CHECK (seq > 0),
    sender_subject   uuid        NOT NULL,
    sender_username  text        NOT NULL,
    sender_name      text        NOT NULL,
    sender_org       text,
    -- Chosen by the sending client; a resend with the same id returns the original message.
    client_id        text        NOT NULL,
    -- NULL once redacted: the tombstone keeps who and when, not what.
    text_ct          bytea,
    version          integer     NOT NULL DEFAULT 1,
    sent_at          timestamptz NOT NULL DEFAULT now(),
    edited_at        timestamptz,
    redacted_at      timestamptz,
    UNIQUE (child_id, seq),
    UNIQUE (child_id, sender_subject, client_id)
);

-- How far each member has read, for read markers.
CREATE TABLE team_read_marker (
    child_id    uuid        NOT NULL REFERENCES child (id),
    subject     uuid        NOT NULL,
    username    text        NOT NULL,
    seq         bigint      NOT NULL,
    updated_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (child_id, subject)
);

-- The hours in which a channel had messages. Each becomes one sharing-log entry (who wrote, who
-- could read) once the hour is over; log_index is NULL until then, so a crash loses no entry.
CREATE TABLE team_message_window (
    child_id      uuid        NOT NULL REFERENCES child (id),
    window_start  timestamptz NOT NULL,
    log_index     bigint,
    PRIMARY KEY (child_id, window_start)
);
CREATE INDEX team_message_window_pending ON team_message_window (window_start) WHERE log_index IS NULL;
