package se.samverkan.policy;

/**
 * What the access log records a request as doing. Implemented only by enums ({@link AccessPolicy.Action},
 * {@link AccessPolicy.RoleAction}, {@link MeetingSight.Use}, {@link DirectPolicy.Use}), so every action the log can hold is a
 * constant and a report filtering on an action name cannot miss one spelled differently. Not sealed:
 * a permits clause would make this file and the policy depend on each other.
 */
public interface LoggedAction {

  /** The exact string stored in {@code access_log.action}. */
  String logName();

  /**
   * What the action does with the information (HSLF-FS 2016:40): each enum maps its constants with
   * an exhaustive switch, so a new constant does not compile until it has a kind.
   */
  ActionKind kind();
}
