-- The sharing log's signing key is the family's anchor of trust: a key that could be changed or
-- removed lets the server rewrite history and sign it with a new key. From now on every key row is
-- kept for good, names the origin its checkpoints carry, and a key after the first is written only
-- together with a statement signed by the key before it (a C2SP signed note, see LogSigner).

-- generation 1 is the log's first key; each rotation adds the next. Rows written before this
-- migration have no stored origin: the server keeps deriving it from its public URL for them.
ALTER TABLE signing_key ADD COLUMN generation integer NOT NULL DEFAULT 1 CHECK (generation >= 1);
ALTER TABLE signing_key ADD CONSTRAINT signing_key_generation_unique UNIQUE (generation);
ALTER TABLE signing_key ADD COLUMN origin text CHECK (origin IS NULL OR origin ~ '^[^\s+]+$');
ALTER TABLE signing_key ADD COLUMN transition_note text;
ALTER TABLE signing_key ADD CONSTRAINT signing_key_transition_announced
    CHECK ((generation = 1) = (transition_note IS NULL));

-- Stricter than samverkan_append_only(): a purge (gallring) may delete personal data, never the key
-- that proves what was shared.
CREATE FUNCTION samverkan_signing_key_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'signing_key is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER signing_key_append_only BEFORE UPDATE OR DELETE ON signing_key
    FOR EACH ROW EXECUTE FUNCTION samverkan_signing_key_kept();
CREATE TRIGGER signing_key_no_truncate BEFORE TRUNCATE ON signing_key
    FOR EACH STATEMENT EXECUTE FUNCTION samverkan_signing_key_kept();
