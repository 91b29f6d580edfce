package se.samverkan.policy;

/**
 * The access-log actions of loggkontroll beyond the plain query ({@link AccessPolicy.RoleAction#ACCESS_LOG_QUERY}):
 * the periodic sample, a reviewer's mark, the CSV export and Keycloak's login and admin events.
 */
public enum ReviewUse implements LoggedAction {
  SAMPLE("access-review.sample"),
  MARK("access-review.mark"),
  EXPORT("access-log.export"),
  LOGIN_EVENTS("login-events.read"),
  ADMIN_EVENTS("admin-events.read");

  private final String logName;

  ReviewUse(String logName) {
    this.logName = logName;
  }

  @Override
  public String logName() {
    return logName;
  }

  @Override
  public ActionKind kind() {
    return switch (this) {
      case SAMPLE, LOGIN_EVENTS, ADMIN_EVENTS -> ActionKind.READ;
      case MARK -> ActionKind.CHANGE;
      // The export leaves the system as a file: a copy.
      case EXPORT -> ActionKind.COPY;
    };
  }
}
