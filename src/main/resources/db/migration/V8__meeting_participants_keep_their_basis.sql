-- Meetings obey consent like everything else (issue 10). A participant who lost their basis (a
-- consent withdrawn, a removal from the team, a handover) is removed by the reconciliation, which
-- says so; the organisation an invited professional was covered through is kept, so that their
-- basis is checked again on every mail and answer without asking the directory.
ALTER TABLE meeting_participant ADD COLUMN organisation text;
ALTER TABLE meeting_participant ADD COLUMN removed_reason text
    CHECK (removed_reason IN ('ORGANISER', 'BASIS_LOST'));

-- The reconciliation sweeps the meetings still ahead.
CREATE INDEX meeting_upcoming ON meeting (end_at) WHERE status = 'SCHEDULED';
