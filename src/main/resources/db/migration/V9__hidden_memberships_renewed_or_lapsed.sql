-- A ChildContact who took over without consent cannot see who was in the team before. Adding such a
-- person ends the hidden membership (RENEWED) and starts a new one, so that the answer is the same as
-- for someone who was never a member. A consent such a contact records does not give a hidden
-- membership whose consent ran out its access back (that would be logged where they read it): the
-- membership ends (LAPSED).
ALTER TABLE team_member DROP CONSTRAINT team_member_ended_reason_check;
ALTER TABLE team_member ADD CONSTRAINT team_member_ended_reason_check
    CHECK (ended_reason IN ('REMOVED', 'LEFT', 'CONSENT_WITHDRAWN', 'HANDOVER', 'RENEWED', 'LAPSED'));
