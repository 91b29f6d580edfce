-- Direct messages between two persons about one child, end-to-end encrypted per device (HPKE).
-- Nothing here is message text: the server keeps device public keys, per-device ciphertexts with
-- their encapsulated keys, and metadata (who, when, which device, which sequence number).

-- A browser's key pair, registered by its owner; the id is chosen by the server. A removed device
-- keeps its row (and its copies) but gets no new copies and leaves every device list.
CREATE TABLE direct_device (
    id              uuid        PRIMARY KEY,
    owner_subject   uuid        NOT NULL,
    owner_username  text        NOT NULL,
    -- The 65-byte uncompressed P-256 point (0x04 || x || y).
    public_key      bytea       NOT NULL CHECK (length(public_key) = 65 AND get_byte(public_key, 0) = 4),
    fingerprint     text        NOT NULL CHECK (fingerprint ~ '^[0-9]{4} [0-9]{4} [0-9]{4}$'),
    label           text        NOT NULL CHECK (length(label) BETWEEN 1 AND 100),
    created_at      timestamptz NOT NULL DEFAULT now(),
    removed_at      timestamptz,
    CHECK (removed_at IS NULL OR removed_at >= created_at)
);
CREATE INDEX direct_device_active ON direct_device (owner_subject) WHERE removed_at IS NULL;
CREATE INDEX direct_device_active_username ON direct_device (owner_username) WHERE removed_at IS NULL;

-- A person's mark that they compared a correspondent's device fingerprint.
CREATE TABLE direct_device_verification (
    verifier_subject  uuid        NOT NULL,
    device_id         uuid        NOT NULL REFERENCES direct_device (id),
    verified_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (verifier_subject, device_id)
);

-- Two persons and one child. The pair is stored in one order (party_a < party_b by subject), so
-- that a pair and child is one conversation whoever starts it. Sends lock the row to take the next
-- sequence number: gap-free, in commit order.
CREATE TABLE direct_conversation (
    id                 uuid        PRIMARY KEY,
    child_id           uuid        NOT NULL REFERENCES child (id),
    party_a_subject    uuid        NOT NULL,
    party_a_username   text        NOT NULL,
    party_a_name       text        NOT NULL,
    party_a_org        text,
    party_b_subject    uuid        NOT NULL,
    party_b_username   text        NOT NULL,
    party_b_name       text        NOT NULL,
    party_b_org        text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    last_seq           bigint      NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
    last_message_at    timestamptz,
    CHECK (party_a_subject < party_b_subject),
    UNIQUE (child_id, party_a_subject, party_b_subject)
);
CREATE INDEX direct_conversation_party_a ON direct_conversation (party_a_subject);
CREATE INDEX direct_conversation_party_b ON direct_conversation (party_b_subject);
CREATE INDEX direct_conversation_child ON direct_conversation (child_id);

CREATE TABLE direct_message (
    id                uuid        PRIMARY KEY,
    conversation_id   uuid        NOT NULL REFERENCES direct_conversation (id),
    seq               bigint      NOT NULL CHECK (seq > 0),
    -- Chosen by the sending client; a resend with the same id returns the original message.
    client_id         text        NOT NULL CHECK (length(client_id) BETWEEN 1 AND 100),
    sender_subject    uuid        NOT NULL,
    sender_username   text        NOT NULL,
    sender_device_id  uuid        NOT NULL REFERENCES direct_device (id),
    sent_at           timestamptz NOT NULL DEFAULT now(),
    UNIQUE (conversation_id, seq),
    UNIQUE (conversation_id, sender_subject, client_id)
);

-- One sealed copy of a message per device: HPKE enc (65 bytes) and AES-128-GCM ciphertext.
CREATE TABLE direct_copy (
    message_id   uuid  NOT NULL REFERENCES direct_message (id),
    device_id    uuid  NOT NULL REFERENCES direct_device (id),
    enc          bytea NOT NULL CHECK (length(enc) = 65),
    ciphertext   bytea NOT NULL CHECK (length(ciphertext) BETWEEN 16 AND 65536),
    PRIMARY KEY (message_id, device_id)
);
CREATE INDEX direct_copy_device ON direct_copy (device_id);

-- How far each party has read, for unread counts.
CREATE TABLE direct_read_marker (
    conversation_id  uuid        NOT NULL REFERENCES direct_conversation (id),
    subject          uuid        NOT NULL,
    seq              bigint      NOT NULL CHECK (seq >= 0),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_id, subject)
);

-- The Swedish calendar days on which a conversation had messages: the first send of a day writes
-- the day's sharing-log entry in its transaction, and this row makes it the only one.
CREATE TABLE direct_conversation_day (
    conversation_id  uuid        NOT NULL REFERENCES direct_conversation (id),
    day              date        NOT NULL,
    log_index        bigint      NOT NULL,
    PRIMARY KEY (conversation_id, day)
);

-- Messages, copies and the days logged are never changed nor deleted (a purge would be a migration of its own).
CREATE TRIGGER direct_message_append_only BEFORE UPDATE OR DELETE ON direct_message
    FOR EACH ROW EXECUTE FUNCTION samverkan_append_only();
CREATE TRIGGER direct_message_no_truncate BEFORE TRUNCATE ON direct_message
    FOR EACH STATEMENT EXECUTE FUNCTION samverkan_append_only();
CREATE TRIGGER direct_copy_append_only BEFORE UPDATE OR DELETE ON direct_copy
    FOR EACH ROW EXECUTE FUNCTION samverkan_append_only();
CREATE TRIGGER direct_copy_no_truncate BEFORE TRUNCATE ON direct_copy
    FOR EACH STATEMENT EXECUTE FUNCTION samverkan_append_only();
CREATE TRIGGER direct_conversation_day_append_only BEFORE UPDATE OR DELETE ON direct_conversation_day
    FOR EACH ROW EXECUTE FUNCTION samverkan_append_only();
