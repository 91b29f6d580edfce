package se.samverkan.consent;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.crypto.DataKey;
import se.samverkan.policy.ConsentRule;
import se.samverkan.shared.ConsentLevel;
import se.samverkan.sharinglog.Disclosure.BasisType;
import se.samverkan.sharinglog.Disclosure.LegalBasis;

/**
 * The consent gate's rule, on consents already read: who may learn that a meeting takes up a child,
 * and on which legal basis (written to the sharing log with each invitation). The meeting decides
 * what it needs ({@link Requirement}); this knows nothing of meetings.
 *
 * <ul>
 *   <li>Someone with an account needs a consent in force at the level that covers them by name or
 *       organisation; the consent cited is {@link ConsentRule#covering}'s.</li>
 *   <li>Someone without an account needs a consent in force at the level that names them by e-mail.</li>
 *   <li>Family needs no consent (their basis is FAMILY; that they are family on record is checked before).</li>
 *   <li>Where each child needs its own consent (a Barnteam takes up several), the child needs one in
 *       force at the level before anyone may be told of it, and whoever is not covered is named per child.</li>
 * </ul>
 *
 * A refusal names everything that is missing at once ({@link #combine}), so the organiser can put it
 * right in one go.
 */
public final class ConsentGateRule {

  /**
   * What a meeting needs of consent.
   *
   * @param perChild each child needs a consent in force of its own, and who is missing is named per child
   */
  public record Requirement(ConsentLevel level, boolean perChild) {
  }

  /** Someone who would learn that the meeting takes up the child. */
  public sealed interface Recipient {
    /** Stable within a meeting: the same person is the same key for every child. */
    String key();
  }

  /** Whoever organises the meeting: needs no basis here, and none is recorded. */
  public record Organiser(String key) implements Recipient {
  }

  /** The child or a guardian. */
  public record Family(String key) implements Recipient {
  }

  /** Someone with an account; {@code label} names them in a refusal ("name (organisation)"). */
  public record Account(String key, String username, String organisation, String label) implements Recipient {
  }

  /** Someone without an account, by name and e-mail. */
  public record External(String key, String name, String email) implements Recipient {
  }

  /** A recipient no consent covers; {@code child} set when named per child. */
  public record Missing(String key, Recipient who, UUID child) {
    /** The recipient as a refusal lists them (the problem's {@code missing}). */
    public JsonObject json() {
      JsonObject json = switch (who) {
        case Account a -> new JsonObject().put("username", a.username()).put("organisation", a.organisation());
        case External e -> new JsonObject().put("name", e.name()).put("email", e.email());
        case Organiser o -> throw new IllegalStateException("the organiser is never missing");
        case Family f -> throw new IllegalStateException("family is never missing");
      };
      return child == null ? json : json.put("childId", child.toString());
    }

    public String label() {
      return who instanceof Account a ? a.label() : ((External) who).name();
    }
  }

  /** One child: whether it lacks a consent of its own, who is missing, and each covered recipient's basis by key. */
  public record Evaluation(UUID child, boolean childWithoutConsent, List<Missing> missing, Map<String, LegalBasis> bases) {
  }

  /**
   * All children together: per child the bases, and everything missing (each recipient once).
   *
   * @param names the missing recipients' labels, in order
   */
  public record Verdict(Map<UUID, Map<String, LegalBasis>> bases, List<UUID> withoutConsent, List<JsonObject> missing,
                        List<String> names) {
    public boolean passed() {
      return withoutConsent.isEmpty() && missing.isEmpty();
    }
  }

  private ConsentGateRule() {
  }

  /**
   * @param reveal     the recipients who newly learn that the meeting takes up the child
   * @param newlyTaken the meeting newly takes up the child (a child needing its own consent needs it even when nobody new learns of it)
   * @param recorded   the child's consents, newest first (the repository's order): the basis cited is the latest that covers
   * @param key        the child's key, to open the people without an account a consent names
   */
  public static Evaluation evaluate(Requirement need, UUID child, List<Recipient> reveal, boolean newlyTaken, DataKey key,
      List<ConsentRecord> recorded, Instant now) {
    List<ConsentRecord> inForce = recorded.stream().filter(c -> ConsentRule.inForce(c, need.level(), now)).toList();
    boolean childWithoutConsent = need.perChild() && inForce.isEmpty() && (newlyTaken || !reveal.isEmpty());
    List<Missing> missing = new ArrayList<>();
    Map<String, LegalBasis> bases = new HashMap<>();
    for (Recipient r : reveal) {
      switch (r) {
        case Organiser o -> { }
        case Family f -> bases.put(f.key(), new LegalBasis(BasisType.FAMILY, null));
        case Account a -> cite(need, child, a, ConsentRule.covering(recorded, a.username(), a.organisation(), need.level(), now),
            bases, missing);
        case External e -> cite(need, child, e, inForce.stream().filter(c -> c.namesExternal(key, e.email())).findFirst(),
            bases, missing);
      }
    }
    return new Evaluation(child, childWithoutConsent, missing, bases);
  }

  private static void cite(Requirement need, UUID child, Recipient r, Optional<ConsentRecord> covering,
      Map<String, LegalBasis> bases, List<Missing> missing) {
    if (covering.isPresent()) {
      bases.put(r.key(), LegalBasis.consent(covering.get().id()));
    } else {
      missing.add(need.perChild() ? new Missing(r.key() + "@" + child, r, child) : new Missing(r.key(), r, null));
    }
  }

  /** The evaluations of all children the meeting takes up, together. */
  public static Verdict combine(List<Evaluation> evaluations) {
    Map<UUID, Map<String, LegalBasis>> bases = new LinkedHashMap<>();
    List<UUID> withoutConsent = new ArrayList<>();
    Map<String, JsonObject> uncovered = new LinkedHashMap<>();
    List<String> names = new ArrayList<>();
    for (Evaluation e : evaluations) {
      bases.put(e.child(), e.bases());
      if (e.childWithoutConsent()) {
        withoutConsent.add(e.child());
      }
      for (Missing m : e.missing()) {
        if (uncovered.putIfAbsent(m.key(), m.json()) == null) {
          names.add(m.label());
        }
      }
    }
    return new Verdict(bases, withoutConsent, new ArrayList<>(uncovered.values()), names);
  }
}
