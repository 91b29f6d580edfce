package se.samverkan.policy;

/** A professional's relation to a child in its team, as the access policy decides it. */
public enum TeamRole { CHILD_CONTACT, SUPPORT_COORDINATOR, MEMBER }
