-- HSLF-FS 2016:40 4 kap. 9 a §: the access log says what was done (read, change, disclose, copy)
-- and by which unit. Rows written before this migration have no kind (the table is append-only:
-- they are not rewritten); every row written after has one. The unit stays null until the HSA
-- attributes of health care staff arrive. Adding nullable columns rewrites no row.
ALTER TABLE access_log ADD COLUMN kind text CHECK (kind IN ('READ', 'CHANGE', 'DISCLOSE', 'COPY'));
ALTER TABLE access_log ADD COLUMN unit text;
CREATE INDEX access_log_organisation ON access_log (organisation, at);
CREATE INDEX access_log_at ON access_log (at);

-- Loggkontroll: a reviewer marks an access-log entry checked or questioned. Append-only: a later
-- review of the same entry is another row, and the newest is the one shown. No foreign key to
-- access_log: that table is append-only already (its rows never go), and a reference would make a
-- TRUNCATE of it fail on the reference before its append-only trigger says why; the route checks
-- that the entry exists (404).
CREATE TABLE access_review (
    id                     bigserial   PRIMARY KEY,
    access_log_id          bigint      NOT NULL,
    verdict                text        NOT NULL CHECK (verdict IN ('CHECKED', 'QUESTIONED')),
    note                   text,
    reviewer_subject       uuid        NOT NULL,
    reviewer               text        NOT NULL,
    reviewer_organisation  text,
    at                     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX access_review_entry ON access_review (access_log_id, id);
CREATE TRIGGER access_review_append_only BEFORE UPDATE OR DELETE ON access_review
    FOR EACH ROW EXECUTE FUNCTION samverkan_append_only();
CREATE TRIGGER access_review_no_truncate BEFORE TRUNCATE ON access_review
    FOR EACH STATEMENT EXECUTE FUNCTION samverkan_append_only();
