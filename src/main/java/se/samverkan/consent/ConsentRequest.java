package se.samverkan.consent;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import se.samverkan.shared.ConsentLevel;
import se.samverkan.shared.ProblemException;

/**
 * A consent as recorded (NewConsent), from the body the contract has already validated: texts
 * trimmed, usernames and aliases once each, external persons once per address (the first name given
 * wins). What the contract cannot say is checked here (400).
 */
record ConsentRequest(ConsentLevel level, List<String> givenBy, boolean childParticipated, List<String> organisations,
                      List<String> persons, List<ExternalPerson> externalPersons, String purpose, Instant validUntil) {

  ConsentRequest {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(purpose, "purpose");
    givenBy = List.copyOf(givenBy);
    organisations = List.copyOf(organisations);
    persons = List.copyOf(persons);
    externalPersons = List.copyOf(externalPersons);
    if (givenBy.isEmpty()) {
      throw ProblemException.invalid("Ange vem eller vilka som gav samtycket.");
    }
    if (organisations.isEmpty() && persons.isEmpty() && externalPersons.isEmpty()) {
      throw ProblemException.invalid("Ett samtycke måste nämna minst en organisation eller person.");
    }
    if (validUntil != null && !validUntil.isAfter(Instant.now())) {
      throw ProblemException.invalid("Giltighetstiden har redan passerat.");
    }
  }

  static ConsentRequest from(JsonObject body) {
    return new ConsentRequest(
        ConsentLevel.valueOf(body.getString("level")),
        strings(body.getJsonArray("givenBy")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList(),
        body.getBoolean("childParticipated", false),
        distinct(strings(body.getJsonArray("organisations"))),
        distinct(strings(body.getJsonArray("persons"))),
        externalPersons(body.getJsonArray("externalPersons")),
        body.getString("purpose").trim(),
        validUntil(body.getString("validUntil")));
  }

  private static Instant validUntil(String text) {
    if (text == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw ProblemException.invalid("validUntil måste vara en tidpunkt med tidszon, t.ex. 2027-06-30T23:59:59+02:00.");
    }
  }

  private static List<ExternalPerson> externalPersons(JsonArray array) {
    Map<String, ExternalPerson> byAddress = new LinkedHashMap<>();
    if (array != null) {
      for (Object o : array) {
        JsonObject p = (JsonObject) o;
        ExternalPerson person = new ExternalPerson(p.getString("name").trim(), p.getString("email").trim());
        byAddress.putIfAbsent(ExternalPerson.normalise(person.email()), person);
      }
    }
    return new ArrayList<>(byAddress.values());
  }

  private static List<String> distinct(List<String> values) {
    return new ArrayList<>(new LinkedHashSet<>(values));
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      array.forEach(o -> out.add(String.valueOf(o)));
    }
    return out;
  }
}
