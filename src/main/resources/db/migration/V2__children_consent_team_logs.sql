-- Children, guardians, consent, the child's team, handovers, the access log and the sharing log.
-- Columns ending in _ct hold AES-256-GCM ciphertext under the child's own data key (see KeyVault);
-- the database never holds a child's name, personnummer or a guardian's contact details in clear.

-- Refuses UPDATE and DELETE: records that must never change after they are written. A purge
-- (gallring) sets samverkan.purge = 'on' in its own transaction to delete.
CREATE FUNCTION samverkan_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('samverkan.purge', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;

-- Each child's data key, wrapped by the master key. Destroying it (wrapped_key NULL) shreds the child.
CREATE TABLE child_key (
    child_id      uuid        PRIMARY KEY,
    wrapped_key   bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    destroyed_at  timestamptz
);

CREATE TABLE child (
    id                     uuid        PRIMARY KEY REFERENCES child_key (child_id),
    name_ct                bytea       NOT NULL,
    personal_number_ct     bytea,
    birth_date             date        NOT NULL,
    schooling              text        NOT NULL,
    contact_subject        uuid        NOT NULL,
    contact_username       text        NOT NULL,
    contact_name           text        NOT NULL,
    contact_organisation   text,
    contact_kind           text        NOT NULL,
    contact_since          timestamptz NOT NULL,
    -- Set when a handover moved only the responsibility: the new ChildContact sees history from here.
    contact_history_from   timestamptz,
    coordinator_subject    uuid,
    coordinator_username   text,
    created_at             timestamptz NOT NULL DEFAULT now(),
    created_by_username    text        NOT NULL
);
CREATE INDEX child_contact ON child (contact_subject);

CREATE TABLE guardian (
    id                   uuid        PRIMARY KEY,
    child_id             uuid        NOT NULL REFERENCES child (id),
    name_ct              bytea       NOT NULL,
    email_ct             bytea       NOT NULL,
    phone_ct             bytea,
    -- The guardian's Keycloak account, when they may log in to the family view.
    user_subject         uuid,
    username             text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    created_by_username  text        NOT NULL
);
CREATE INDEX guardian_child ON guardian (child_id);
CREATE INDEX guardian_user ON guardian (user_subject) WHERE user_subject IS NOT NULL;

CREATE TABLE consent (
    id                     uuid        PRIMARY KEY,
    child_id               uuid        NOT NULL REFERENCES child (id),
    level                  text        NOT NULL CHECK (level IN ('ORAL', 'WRITTEN', 'WRITTEN_UPDATED')),
    given_by_ct            bytea       NOT NULL,
    child_participated     boolean     NOT NULL DEFAULT false,
    organisations          text[]      NOT NULL,
    persons                text[]      NOT NULL,
    -- The named persons' names and organisations as the directory knew them when consent was given.
    person_details_ct      bytea       NOT NULL,
    purpose_ct             bytea       NOT NULL,
    valid_from             timestamptz NOT NULL,
    valid_until            timestamptz,
    recorded_by_subject    uuid        NOT NULL,
    recorded_by_username   text        NOT NULL,
    recorded_at            timestamptz NOT NULL DEFAULT now(),
    CHECK (valid_until IS NULL OR valid_until > valid_from)
);
CREATE INDEX consent_child ON consent (child_id);
CREATE TRIGGER consent_append_only BEFORE UPDATE OR DELETE ON consent
    FOR EACH ROW EXECUTE FUNCTION samverkan_append_only();

-- A withdrawal is a record of its own: the consent record itself is never edited.
CREATE TABLE consent_withdrawal (
    consent_id              uuid        PRIMARY KEY REFERENCES consent (id),
    withdrawn_at            timestamptz NOT NULL DEFAULT now(),
    withdrawn_by_subject    uuid        NOT NULL,
    withdrawn_by_username   text        NOT NULL,
    reason_ct               bytea       NOT NULL
);
CREATE TRIGGER consent_withdrawal_append_only BEFORE UPDATE OR DELETE ON consent_withdrawal
    FOR EACH ROW EXECUTE FUNCTION samverkan_append_only();

CREATE TABLE team_member (
    id                 uuid        PRIMARY KEY,
    child_id           uuid        NOT NULL REFERENCES child (id),
    subject            uuid        NOT NULL,
    username           text        NOT NULL,
    display_name       text        NOT NULL,
    organisation       text,
    role               text        NOT NULL CHECK (role IN ('CHILD_CONTACT', 'MEMBER')),
    consent_id         uuid        REFERENCES consent (id),
    added_at           timestamptz NOT NULL DEFAULT now(),
    added_by_username  text,
    ended_at           timestamptz,
    ended_reason       text        CHECK (ended_reason IN ('REMOVED', 'LEFT', 'CONSENT_WITHDRAWN', 'HANDOVER')),
    ended_by_username  text
);
CREATE UNIQUE INDEX team_member_active ON team_member (child_id, subject) WHERE ended_at IS NULL;
CREATE INDEX team_member_subject ON team_member (subject) WHERE ended_at IS NULL;

CREATE TABLE handover (
    id                       uuid        PRIMARY KEY,
    child_id                 uuid        NOT NULL REFERENCES child (id),
    from_username            text        NOT NULL,
    from_name                text        NOT NULL,
    from_organisation        text,
    to_subject               uuid        NOT NULL,
    to_username              text        NOT NULL,
    to_name                  text        NOT NULL,
    to_organisation          text,
    from_kind                text        NOT NULL,
    to_kind                  text        NOT NULL,
    reason_ct                bytea       NOT NULL,
    information_transferred  boolean     NOT NULL,
    consent_id               uuid        REFERENCES consent (id),
    at                       timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX handover_child ON handover (child_id);
CREATE TRIGGER handover_append_only BEFORE UPDATE OR DELETE ON handover
    FOR EACH ROW EXECUTE FUNCTION samverkan_append_only();

-- Loggkontroll: every access to a child's information, granted or denied. Names no content.
CREATE TABLE access_log (
    id            bigserial   PRIMARY KEY,
    at            timestamptz NOT NULL DEFAULT now(),
    subject       uuid        NOT NULL,
    username      text        NOT NULL,
    organisation  text,
    action        text        NOT NULL,
    child_id      uuid,
    purpose       text,
    outcome       text        NOT NULL CHECK (outcome IN ('GRANTED', 'DENIED'))
);
CREATE INDEX access_log_child ON access_log (child_id, at);
CREATE INDEX access_log_user ON access_log (username, at);
CREATE TRIGGER access_log_append_only BEFORE UPDATE OR DELETE ON access_log
    FOR EACH ROW EXECUTE FUNCTION samverkan_append_only();

-- The sharing log: one global RFC 6962 Merkle tree. leaf_hash = SHA-256(0x00 || canonical entry);
-- the canonical entry itself is stored encrypted under the child's key, so shredding a child
-- leaves the tree (and every proof) intact.
CREATE TABLE sharing_log_entry (
    log_index       bigint      PRIMARY KEY CHECK (log_index >= 0),
    child_id        uuid        NOT NULL,
    category        text        NOT NULL,
    leaf_hash       bytea       NOT NULL CHECK (length(leaf_hash) = 32),
    entry_ct        bytea,
    family_visible  boolean     NOT NULL,
    shared_at       timestamptz NOT NULL
);
CREATE INDEX sharing_log_child ON sharing_log_entry (child_id, log_index);
CREATE TRIGGER sharing_log_entry_append_only BEFORE UPDATE OR DELETE ON sharing_log_entry
    FOR EACH ROW EXECUTE FUNCTION samverkan_append_only();

-- Hashes of the perfect subtrees (level L, index i covers leaves [i*2^L, (i+1)*2^L)); level 0 are leaves.
CREATE TABLE merkle_node (
    level  smallint NOT NULL CHECK (level >= 0 AND level < 64),
    idx    bigint   NOT NULL CHECK (idx >= 0),
    hash   bytea    NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, idx)
);
CREATE TRIGGER merkle_node_append_only BEFORE UPDATE OR DELETE ON merkle_node
    FOR EACH ROW EXECUTE FUNCTION samverkan_append_only();

-- The tree size; appends lock this row, which makes log indexes gap-free across server nodes.
CREATE TABLE sharing_log_head (
    id    smallint PRIMARY KEY CHECK (id = 1),
    size  bigint   NOT NULL CHECK (size >= 0)
);
INSERT INTO sharing_log_head (id, size) VALUES (1, 0);

-- The Ed25519 key that signs checkpoints; the private half wrapped by the master key.
CREATE TABLE signing_key (
    name                 text        PRIMARY KEY,
    public_key           bytea       NOT NULL,
    private_key_wrapped  bytea       NOT NULL,
    created_at           timestamptz NOT NULL DEFAULT now()
);
