-- Meetings after their audit: consents that name people outside Samverkan, a calendar UID and
-- organiser address fixed per meeting, mails that can be given up, and no guardian's name in clear.

-- A consent may name people without an account (a private psychologist, say) by name and e-mail.
-- Like the consent's other personal fields they are sealed under the child's key; coverage is
-- checked in the application after opening. NULL: the consent names nobody outside Samverkan.
ALTER TABLE consent ADD COLUMN external_persons_ct bytea;

-- The iCalendar UID, fixed when the meeting is scheduled (<id>@<public host>), so that changing
-- SAMVERKAN_PUBLIC_URL later does not turn every existing meeting into a new calendar entry.
-- Meetings scheduled before keep the UID their invitations already carry.
ALTER TABLE meeting ADD COLUMN ical_uid text;
UPDATE meeting SET ical_uid = id::text || '@samverkan';
ALTER TABLE meeting ALTER COLUMN ical_uid SET NOT NULL;

-- The organiser's work address as the directory had it when the meeting was scheduled: the
-- calendar ORGANIZER (mails are sent by SAMVERKAN_MAIL_FROM on their behalf). NULL for older
-- meetings: their ORGANIZER stays the sending address.
ALTER TABLE meeting ADD COLUMN organiser_email text;

-- FAILED is final: the receiving side refused the mail for good, it could not be made, or the
-- meeting is over while the server was still unreachable. last_error then holds the reason the
-- organiser is shown; a PENDING row with attempts > 0 is being retried.
ALTER TABLE mail_outbox DROP CONSTRAINT mail_outbox_status_check;
ALTER TABLE mail_outbox ADD CONSTRAINT mail_outbox_status_check
    CHECK (status IN ('PENDING', 'SENT', 'SUPERSEDED', 'FAILED'));
ALTER TABLE mail_outbox ADD COLUMN failed_at timestamptz;

-- Participants' names are now sealed in name_ct for account holders too. A guardian's name must not
-- stay in clear: it is re-read from the directory (by username) for rows written before this.
-- Professionals' names are directory data shown to everyone in the team and may stay.
UPDATE meeting_participant SET display_name = NULL WHERE role <> 'PROFESSIONAL';
