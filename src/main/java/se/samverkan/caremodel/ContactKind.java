package se.samverkan.caremodel;

/** The kinds of ChildContact the care models hand a child between as it grows. */
public enum ContactKind {
  MATERNITY_CARE,
  CHILD_HEALTH_CARE,
  PRESCHOOL,
  SCHOOL,
  FOLLOW_UP_HOME_MUNICIPALITY,
  KAA
}
