package se.samverkan.caremodel;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The region's collaboration model, one active per deployment ({@code SAMVERKAN_CARE_MODEL}): which
 * kind of ChildContact a child should have for its age and schooling, and what the region calls
 * things. The kinds of ChildContact and of schooling are one model underneath ({@link ContactKind},
 * {@link Schooling}); each region's rules and names are data: a JSON file, of which three come
 * built in ({@code care-models/*.json}: Backa barnet, Kronobarnsmodellen, Sörmland, written from
 * the models' own texts in shared/seeds). Another region supplies its own file by path.
 */
public final class CareModel {

  public static final List<String> BUILT_IN = List.of("kronobarnsmodellen", "backa-barnet", "sormland");
  public static final String DEFAULT = "kronobarnsmodellen";

  /** The ChildContact for a schooling: {@code contact} until the child turns {@code untilAge} (null: no limit). */
  record Rule(ContactKind contact, Integer untilAge) {
  }

  private final String id;
  private final String displayName;
  private final String contactTitle;
  private final String source;
  private final Map<ContactKind, String> labels;
  private final ContactKind beforeBirth;
  private final Map<Schooling, Rule> bySchooling;

  private CareModel(String id, String displayName, String contactTitle, String source, Map<ContactKind, String> labels,
      ContactKind beforeBirth, Map<Schooling, Rule> bySchooling) {
    this.id = id;
    this.displayName = displayName;
    this.contactTitle = contactTitle;
    this.source = source;
    this.labels = Collections.unmodifiableMap(labels);
    this.beforeBirth = beforeBirth;
    this.bySchooling = Collections.unmodifiableMap(bySchooling);
  }

  /**
   * A built-in model by its id, or a model file by its path. Reads a resource or a file: call it at
   * start or off the event loop.
   *
   * @throws IllegalArgumentException naming what is wrong, when it is neither or the file is not a valid model
   */
  public static CareModel load(String idOrPath) {
    if (BUILT_IN.contains(idOrPath)) {
      try (InputStream in = CareModel.class.getResourceAsStream("/care-models/" + idOrPath + ".json")) {
        if (in == null) {
          throw new IllegalStateException("the built-in care model " + idOrPath + " is missing from the jar");
        }
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), idOrPath);
      } catch (IOException e) {
        throw new IllegalStateException("could not read the built-in care model " + idOrPath, e);
      }
    }
    Path file = Path.of(idOrPath);
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("\"" + idOrPath + "\" is neither a built-in care model (" + String.join(", ", BUILT_IN)
          + ") nor a readable care model file");
    }
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("could not read the care model file " + file + ": " + e.getMessage());
    }
  }

  /** Reads and checks a model: every schooling must be answered (a rule, or null for "no ChildContact"). */
  static CareModel parse(String json, String where) {
    JsonObject o;
    try {
      o = new JsonObject(json);
    } catch (DecodeException e) {
      throw new IllegalArgumentException(where + " is not JSON: " + e.getMessage());
    }
    String id = text(o, "id", where);
    Map<ContactKind, String> labels = new LinkedHashMap<>();
    JsonObject kinds = object(o, "contactKinds", where);
    for (String name : kinds.fieldNames()) {
      labels.put(kind(name, where + ": contactKinds"), text(kinds, name, where + ": contactKinds"));
    }
    ContactKind beforeBirth = labelled(kind(text(o, "beforeBirth", where), where + ": beforeBirth"), labels, where);
    JsonObject rules = object(o, "bySchooling", where);
    Map<Schooling, Rule> bySchooling = new EnumMap<>(Schooling.class);
    for (Schooling schooling : Schooling.values()) {
      if (!rules.containsKey(schooling.name())) {
        throw new IllegalArgumentException(where + ": bySchooling says nothing about " + schooling
            + " (give a rule, or null when the model has no ChildContact for it)");
      }
      Object value = rules.getValue(schooling.name());
      if (value == null) {
        continue;
      }
      if (!(value instanceof JsonObject rule)) {
        throw new IllegalArgumentException(where + ": bySchooling." + schooling + " must be an object or null");
      }
      ContactKind contact = labelled(kind(text(rule, "contact", where + ": bySchooling." + schooling), where), labels, where);
      Integer untilAge = rule.getInteger("untilAge");
      if (untilAge != null && (untilAge < 1 || untilAge > 30)) {
        throw new IllegalArgumentException(where + ": bySchooling." + schooling + ".untilAge must be between 1 and 30");
      }
      bySchooling.put(schooling, new Rule(contact, untilAge));
    }
    for (String name : rules.fieldNames()) {
      try {
        Schooling.valueOf(name);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": bySchooling names an unknown schooling " + name);
      }
    }
    return new CareModel(id, text(o, "name", where), text(o, "contactTitle", where), o.getString("source"), labels,
        beforeBirth, bySchooling);
  }

  private static String text(JsonObject o, String field, String where) {
    Object value = o.getValue(field);
    if (!(value instanceof String s) || s.isBlank()) {
      throw new IllegalArgumentException(where + ": \"" + field + "\" must be a non-empty string");
    }
    return s;
  }

  private static JsonObject object(JsonObject o, String field, String where) {
    Object value = o.getValue(field);
    if (!(value instanceof JsonObject j)) {
      throw new IllegalArgumentException(where + ": \"" + field + "\" must be an object");
    }
    return j;
  }

  private static ContactKind kind(String name, String where) {
    try {
      return ContactKind.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + ": unknown kind of ChildContact " + name);
    }
  }

  private static ContactKind labelled(ContactKind kind, Map<ContactKind, String> labels, String where) {
    if (!labels.containsKey(kind)) {
      throw new IllegalArgumentException(where + ": " + kind + " is used but has no name in contactKinds");
    }
    return kind;
  }

  /** Which kind of ChildContact the child should have today; empty when the model has none for it. */
  public Optional<ContactKind> expectedContact(LocalDate birthDate, Schooling schooling, LocalDate today) {
    if (birthDate.isAfter(today)) {
      return Optional.of(beforeBirth);
    }
    Rule rule = bySchooling.get(schooling);
    if (rule == null) {
      return Optional.empty();
    }
    int age = Period.between(birthDate, today).getYears();
    return rule.untilAge() == null || age < rule.untilAge() ? Optional.of(rule.contact()) : Optional.empty();
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

  /** Where the rules come from, in the model's own words (may be null for a region's own file). */
  public String source() {
    return source;
  }

  /** The kinds of ChildContact this model uses, with its names for them, in its order. */
  public Map<ContactKind, String> labels() {
    return labels;
  }
}
