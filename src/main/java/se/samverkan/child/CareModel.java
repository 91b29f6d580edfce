package se.samverkan.child;

import java.time.LocalDate;
import java.time.Period;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The region's collaboration model: one is active per deployment ({@code SAMVERKAN_CARE_MODEL}).
 * Each decides which kind of ChildContact a child should have, from its age and schooling, as
 * described in the model's own texts (shared/seeds): Backa barnet (Sörmland's guide),
 * Kronobarnsmodellen (Kronoberg) and Sörmland's Barnets bästa-ansvarig.
 */
public enum CareModel {

  BACKA_BARNET("backa-barnet", "Backa barnet", "Barnkontakt") {
    @Override
    Optional<ContactKind> rule(int age, boolean unborn, Schooling schooling) {
      if (unborn) {
        return Optional.of(ContactKind.MATERNITY_CARE);
      }
      return switch (schooling) {
        case NOT_STARTED -> Optional.of(ContactKind.CHILD_HEALTH_CARE);
        case PRESCHOOL -> Optional.of(ContactKind.PRESCHOOL);
        // "rektor grundskola … until the child leaves school"
        case PRESCHOOL_CLASS, COMPULSORY, UPPER_SECONDARY, UPPER_SECONDARY_OUTSIDE_REGION -> Optional.of(ContactKind.SCHOOL);
        case NOT_IN_UPPER_SECONDARY, FINISHED -> Optional.empty();
      };
    }
  },

  KRONOBARNSMODELLEN("kronobarnsmodellen", "Kronobarnsmodellen", "Barnensbästa-ansvarig") {
    @Override
    Optional<ContactKind> rule(int age, boolean unborn, Schooling schooling) {
      if (unborn) {
        return Optional.of(ContactKind.MATERNITY_CARE);
      }
      return switch (schooling) {
        case NOT_STARTED -> Optional.of(ContactKind.CHILD_HEALTH_CARE);
        case PRESCHOOL -> Optional.of(ContactKind.PRESCHOOL);
        // "rektor of the school form until 18"
        case PRESCHOOL_CLASS, COMPULSORY, UPPER_SECONDARY, UPPER_SECONDARY_OUTSIDE_REGION ->
            age < 18 ? Optional.of(ContactKind.SCHOOL) : Optional.empty();
        // "KAA if not in gymnasium" (the municipal activity duty runs to 20)
        case NOT_IN_UPPER_SECONDARY -> age < 20 ? Optional.of(ContactKind.KAA) : Optional.empty();
        case FINISHED -> Optional.empty();
      };
    }
  },

  SORMLAND("sormland", "Barnets bästa i Sörmland", "Barnets bästa-ansvarig") {
    @Override
    Optional<ContactKind> rule(int age, boolean unborn, Schooling schooling) {
      if (unborn) {
        return Optional.of(ContactKind.MATERNITY_CARE);
      }
      return switch (schooling) {
        // "0–6 barnhälsovård och förskola"
        case NOT_STARTED -> Optional.of(ContactKind.CHILD_HEALTH_CARE);
        case PRESCHOOL -> Optional.of(ContactKind.PRESCHOOL);
        // "förskoleklass–åk 9 and gymnasium in Sörmland: the school"
        case PRESCHOOL_CLASS, COMPULSORY, UPPER_SECONDARY -> Optional.of(ContactKind.SCHOOL);
        // "gymnasium outside Sörmland: uppföljningsansvarig in the home municipality"
        case UPPER_SECONDARY_OUTSIDE_REGION -> Optional.of(ContactKind.FOLLOW_UP_HOME_MUNICIPALITY);
        // "not started or dropped out of gymnasium: KAA"
        case NOT_IN_UPPER_SECONDARY -> age < 20 ? Optional.of(ContactKind.KAA) : Optional.empty();
        case FINISHED -> Optional.empty();
      };
    }
  };

  private final String id;
  private final String displayName;
  private final String contactTitle;

  CareModel(String id, String displayName, String contactTitle) {
    this.id = id;
    this.displayName = displayName;
    this.contactTitle = contactTitle;
  }

  abstract Optional<ContactKind> rule(int age, boolean unborn, Schooling schooling);

  /** Which kind of ChildContact the child should have today; empty when the model has none for it. */
  public Optional<ContactKind> expectedContact(LocalDate birthDate, Schooling schooling, LocalDate today) {
    boolean unborn = birthDate.isAfter(today);
    int age = unborn ? 0 : Period.between(birthDate, today).getYears();
    return rule(age, unborn, schooling);
  }

  public String id() {
    return id;
  }

  public String displayName() {
    return displayName;
  }

  /** What the model calls the ChildContact (Barnkontakt, Barnensbästa-ansvarig, …). */
  public String contactTitle() {
    return contactTitle;
  }

  public Map<ContactKind, String> labels() {
    Map<ContactKind, String> labels = new LinkedHashMap<>();
    labels.put(ContactKind.MATERNITY_CARE, this == KRONOBARNSMODELLEN ? "Mödrahälsovården" : "Barnmorska (mödrahälsovård)");
    labels.put(ContactKind.CHILD_HEALTH_CARE, "Barnhälsovården (BVC-sköterska)");
    labels.put(ContactKind.PRESCHOOL, "Rektor förskola");
    labels.put(ContactKind.SCHOOL, "Rektor skola");
    if (this == SORMLAND) {
      labels.put(ContactKind.FOLLOW_UP_HOME_MUNICIPALITY, "Uppföljningsansvarig i hemkommunen");
    }
    if (this != BACKA_BARNET) {
      labels.put(ContactKind.KAA, "Kommunala aktivitetsansvaret (KAA)");
    }
    return labels;
  }

  public static Optional<CareModel> byId(String id) {
    for (CareModel m : values()) {
      if (m.id.equals(id)) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }
}
