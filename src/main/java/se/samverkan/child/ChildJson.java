package se.samverkan.child;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import se.samverkan.caremodel.CareModel;
import se.samverkan.child.ChildView.DueHandover;
import se.samverkan.child.ChildView.Guardian;
import se.samverkan.child.ChildView.Handover;
import se.samverkan.child.ChildView.Person;
import se.samverkan.child.ChildView.Summary;
import se.samverkan.identity.Organisation;
import se.samverkan.identity.People;

/**
 * The child schemas of the contract (ChildSummary, Child, Guardian, Handover, DueHandover,
 * CareModel), keys written once: the summary of a list and the full record side by side, the full
 * one being the summary with the child's own page added. A value that is absent is written as null,
 * never left out.
 */
final class ChildJson {

  private ChildJson() {
  }

  static JsonObject summaries(List<Summary> children) {
    return new JsonObject().put("children", new JsonArray(children.stream().map(ChildJson::summary).toList()));
  }

  static JsonObject summary(Summary s) {
    ChildRecord c = s.child();
    return new JsonObject()
        .put("id", c.id().toString())
        .put("name", s.name())
        .put("birthDate", c.birthDate().toString())
        .put("myRole", s.myRole().name())
        .put("childContact", person(Person.contactOf(c), s.orgs()));
  }

  static JsonObject child(ChildView v) {
    ChildRecord c = v.summary().child();
    Map<String, Organisation> orgs = v.summary().orgs();
    return summary(v.summary())
        .put("personalNumber", v.personalNumber())
        .put("ageYears", v.ageYears())
        .put("schooling", v.schooling().name())
        .put("schoolingStated", v.schoolingStated())
        .put("contactKind", c.contactKind().name())
        .put("expectedContactKind", v.expectedContactKind() == null ? null : v.expectedContactKind().name())
        .put("handoverDue", v.handoverDue())
        .put("supportCoordinator", v.supportCoordinator() == null ? null : person(v.supportCoordinator(), orgs))
        .put("historyFrom", v.historyFrom() == null ? null : v.historyFrom().toString())
        .put("guardians", new JsonArray(v.guardians().stream().map(ChildJson::guardian).toList()))
        .put("createdAt", c.createdAt().toString());
  }

  static JsonObject guardian(Guardian g) {
    return new JsonObject()
        .put("id", g.id().toString())
        .put("name", g.name())
        .put("email", g.email())
        .put("phone", g.phone())
        .put("username", g.username());
  }

  static JsonObject handover(Handover h) {
    return new JsonObject()
        .put("id", h.id().toString())
        .put("childId", h.childId().toString())
        .put("from", person(h.from(), h.orgs()))
        .put("to", person(h.to(), h.orgs()))
        .put("fromKind", h.fromKind().name())
        .put("toKind", h.toKind().name())
        .put("at", h.at().toString())
        .put("informationTransferred", h.informationTransferred())
        .put("consentId", h.consentId() == null ? null : h.consentId().toString());
  }

  static JsonObject dueHandovers(List<DueHandover> due) {
    return new JsonObject().put("handovers", new JsonArray(due.stream().map(ChildJson::dueHandover).toList()));
  }

  static JsonObject dueHandover(DueHandover d) {
    return new JsonObject()
        .put("childId", d.childId().toString())
        .put("name", d.name())
        .put("birthDate", d.birthDate().toString())
        .put("ageYears", d.ageYears())
        .put("schooling", d.schooling().name())
        .put("currentKind", d.currentKind().name())
        .put("expectedKind", d.expectedKind() == null ? null : d.expectedKind().name())
        .put("reason", d.reason());
  }

  static JsonObject careModel(CareModel model) {
    JsonArray kinds = new JsonArray();
    model.labels().forEach((kind, label) -> kinds.add(new JsonObject().put("kind", kind.name()).put("label", label)));
    return new JsonObject()
        .put("id", model.id())
        .put("name", model.displayName())
        .put("contactTitle", model.contactTitle())
        .put("source", model.source())
        .put("contactKinds", kinds);
  }

  private static JsonObject person(Person p, Map<String, Organisation> orgs) {
    return People.person(p.username(), p.name(), p.organisation(), orgs);
  }
}
