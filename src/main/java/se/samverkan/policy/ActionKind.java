package se.samverkan.policy;

/**
 * What an access did with the information, as HSLF-FS 2016:40 4 kap. 9 a § asks the log to say:
 * read it, changed it, disclosed it to someone new, or copied it out of the system. Every
 * {@link LoggedAction} names its own ({@link LoggedAction#kind()}), written to each access-log row.
 */
public enum ActionKind {
  READ, CHANGE, DISCLOSE, COPY
}
