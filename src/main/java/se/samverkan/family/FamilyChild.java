package se.samverkan.family;

import java.util.Map;
import se.samverkan.child.ChildRecord;
import se.samverkan.identity.Organisation;

/** A child a guardian is linked to, its name opened, with the organisations to name its ChildContact's by. */
record FamilyChild(ChildRecord child, String name, Map<String, Organisation> orgs) {

  @Override
  public String toString() {
    return "FamilyChild[" + child.id() + "]";
  }
}
