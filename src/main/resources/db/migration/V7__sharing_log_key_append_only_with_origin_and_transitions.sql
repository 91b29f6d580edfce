-- The sharing log's signing key is the family's anchor of trust: a key that could be changed or
-- removed lets the server rewrite history and sign it with a new key. From now on every key row is
-- kept for good, names the origin its checkpoints carry, and a key after the first is written only
-- together with a statement signed by the key before it (a C2SP signed note, see LogSigner).

-- generation 1 is the log's first key; each rotation adds the next. A key written before this
-- migration has no origin yet: the server gives it, once, the origin it has been signing with (its
-- public URL's host at that start); every new row must name one (NOT VALID: old rows are exempt).
ALTER TABLE signing_key ADD COLUMN generation integer NOT NULL DEFAULT 1 CHECK (generation >= 1);
ALTER TABLE signing_key ADD CONSTRAINT signing_key_generation_unique UNIQUE (generation);
ALTER TABLE signing_key ADD COLUMN origin text CHECK (origin ~ '^[^\s+]+$');
ALTER TABLE signing_key ADD CONSTRAINT signing_key_origin_named CHECK (origin IS NOT NULL) NOT VALID;
ALTER TABLE signing_key ADD COLUMN transition_note text;
ALTER TABLE signing_key ADD CONSTRAINT signing_key_transition_announced
    CHECK ((generation = 1) = (transition_note IS NULL));

-- Stricter than samverkan_append_only(): a purge (gallring) may delete personal data, never the key
-- that proves what was shared.
CREATE FUNCTION samverkan_signing_key_kept() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- The one change allowed: a key from before V7 is given its origin, once, and nothing else changes.
    -- (Nested: OLD and NEW are only read in a row-level UPDATE.)
    IF TG_OP = 'UPDATE' THEN
        IF OLD.origin IS NULL AND NEW.origin IS NOT NULL
           AND (NEW.name, NEW.generation, NEW.public_key, NEW.private_key_wrapped, NEW.created_at, NEW.transition_note)
               IS NOT DISTINCT FROM
               (OLD.name, OLD.generation, OLD.public_key, OLD.private_key_wrapped, OLD.created_at, OLD.transition_note) THEN
            RETURN NEW;
        END IF;
    END IF;
    RAISE EXCEPTION 'signing_key is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER signing_key_append_only BEFORE UPDATE OR DELETE ON signing_key
    FOR EACH ROW EXECUTE FUNCTION samverkan_signing_key_kept();
CREATE TRIGGER signing_key_no_truncate BEFORE TRUNCATE ON signing_key
    FOR EACH STATEMENT EXECUTE FUNCTION samverkan_signing_key_kept();
