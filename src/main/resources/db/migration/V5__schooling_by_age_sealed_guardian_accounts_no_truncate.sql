-- 1. Schooling follows the child's age unless someone states it. A stated schooling (with the moment it
--    was stated) holds until the school calendar moves the child past it; NULL means "derive from age".
--    Rows written before this migration were either stated or guessed from the age at registration;
--    both are kept as stated at registration, which the new rule lets age overtake.
ALTER TABLE child ALTER COLUMN schooling DROP NOT NULL;
ALTER TABLE child ADD COLUMN schooling_stated_at timestamptz;
UPDATE child SET schooling_stated_at = created_at WHERE schooling IS NOT NULL;
ALTER TABLE child ADD CONSTRAINT child_schooling_stated
    CHECK ((schooling IS NULL) = (schooling_stated_at IS NULL));

-- 2. A guardian's account name links a family to a child: stored sealed from now on. The account is
--    found by its subject (user_subject); the clear column is only read for rows written before.
ALTER TABLE guardian ADD COLUMN username_ct bytea;

-- 3. Append-only tables refuse TRUNCATE as well as UPDATE and DELETE (row triggers do not see TRUNCATE).
CREATE TRIGGER consent_no_truncate BEFORE TRUNCATE ON consent
    FOR EACH STATEMENT EXECUTE FUNCTION samverkan_append_only();
CREATE TRIGGER consent_withdrawal_no_truncate BEFORE TRUNCATE ON consent_withdrawal
    FOR EACH STATEMENT EXECUTE FUNCTION samverkan_append_only();
CREATE TRIGGER handover_no_truncate BEFORE TRUNCATE ON handover
    FOR EACH STATEMENT EXECUTE FUNCTION samverkan_append_only();
CREATE TRIGGER access_log_no_truncate BEFORE TRUNCATE ON access_log
    FOR EACH STATEMENT EXECUTE FUNCTION samverkan_append_only();
CREATE TRIGGER sharing_log_entry_no_truncate BEFORE TRUNCATE ON sharing_log_entry
    FOR EACH STATEMENT EXECUTE FUNCTION samverkan_append_only();
CREATE TRIGGER merkle_node_no_truncate BEFORE TRUNCATE ON merkle_node
    FOR EACH STATEMENT EXECUTE FUNCTION samverkan_append_only();
