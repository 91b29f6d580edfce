-- People who have signed in to Samverkan, keyed by their Keycloak subject. The directory of record
-- is Keycloak; this table only remembers who has used the service and when (loggkontroll needs it),
-- so it holds no more than the username.
CREATE TABLE known_user (
    subject        uuid        PRIMARY KEY,
    username       text        NOT NULL,
    first_seen_at  timestamptz NOT NULL DEFAULT now(),
    last_seen_at   timestamptz NOT NULL DEFAULT now()
);

-- Not unique: Keycloak may reuse a username after a user is deleted; the subject is the identity.
CREATE INDEX known_user_username ON known_user (username);
