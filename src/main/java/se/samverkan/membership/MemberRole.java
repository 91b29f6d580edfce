package se.samverkan.membership;

/**
 * The role a team_member row holds (its CHECK constraint allows exactly these). The coordinator is
 * not a role of the row: the child names its coordinator, who is a MEMBER (or the ChildContact).
 */
public enum MemberRole { CHILD_CONTACT, MEMBER }
