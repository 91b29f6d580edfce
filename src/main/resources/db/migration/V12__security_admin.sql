-- The security team's own audit (issue 13 point 7) and the per-user not-before that ends access
-- tokens still inside their lifetime after a logout or a disable (issue 13 point 2).

-- Every change a security admin makes: who, from which organisation, what, to whom, why, when.
-- Append-only like the access log; a purge would be a migration of its own.
CREATE TABLE security_audit (
    id                   bigserial   PRIMARY KEY,
    at                   timestamptz NOT NULL DEFAULT now(),
    actor_subject        uuid        NOT NULL,
    actor_username       text        NOT NULL,
    actor_organisation   text,
    action               text        NOT NULL CHECK (action ~ '^[a-z]+(\.[a-z-]+)+$'),
    target               text        NOT NULL CHECK (length(target) BETWEEN 1 AND 255),
    target_organisation  text,
    reason               text        CHECK (reason IS NULL OR length(reason) <= 500)
);
CREATE INDEX security_audit_at ON security_audit (at);
CREATE INDEX security_audit_target_organisation ON security_audit (target_organisation, at);
CREATE TRIGGER security_audit_append_only BEFORE UPDATE OR DELETE ON security_audit
    FOR EACH ROW EXECUTE FUNCTION samverkan_append_only();
CREATE TRIGGER security_audit_no_truncate BEFORE TRUNCATE ON security_audit
    FOR EACH STATEMENT EXECUTE FUNCTION samverkan_append_only();

-- Tokens of this Keycloak user issued before not_before are refused (TokenValidator). One row per
-- user, moved forward by each logout or disable; never back.
CREATE TABLE user_not_before (
    subject      uuid        PRIMARY KEY,
    not_before   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL DEFAULT now()
);
