package se.samverkan.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.UUID;

/** The Samverkan API as the dev users use it, for building test scenarios in a few lines. */
public final class Api {

  private final TestStack stack;

  public Api(TestStack stack) {
    this.stack = stack;
  }

  public Http.Response get(String user, String path) {
    return stack.http().get(path, stack.token(user));
  }

  public Http.Response post(String user, String path, Object body) {
    return stack.http().post(path, stack.token(user), body);
  }

  public Http.Response delete(String user, String path) {
    return stack.http().delete(path, stack.token(user));
  }

  public Http.Response patch(String user, String path, Object body) {
    return stack.http().patch(path, stack.token(user), body);
  }

  /** A child registered by {@code contact}, with a unique name; returns its JSON. */
  public JsonObject registerChild(String contact, String name, String birthDate) {
    Http.Response r = post(contact, "/api/children", new JsonObject().put("name", name).put("birthDate", birthDate));
    assertEquals(201, r.status(), r.toString());
    return r.json();
  }

  public JsonObject registerChild(String contact) {
    return registerChild(contact, "Testbarn " + UUID.randomUUID().toString().substring(0, 8), "2016-05-10");
  }

  public JsonObject consent(String level, List<String> organisations, List<String> persons) {
    return new JsonObject()
        .put("level", level)
        .put("givenBy", new JsonArray().add("Karin Johansson"))
        .put("organisations", new JsonArray(organisations))
        .put("persons", new JsonArray(persons))
        .put("purpose", "Samordnat stöd i skolan och hemma");
  }

  /** Records a consent as {@code by}; returns its id. */
  public String recordConsent(String by, String childId, String level, List<String> organisations, List<String> persons) {
    Http.Response r = post(by, "/api/children/" + childId + "/consents", consent(level, organisations, persons));
    assertEquals(201, r.status(), r.toString());
    return r.json().getString("id");
  }

  public Http.Response addMember(String by, String childId, String username) {
    return post(by, "/api/children/" + childId + "/team/members", new JsonObject().put("username", username));
  }

  public void addMemberOk(String by, String childId, String username) {
    Http.Response r = addMember(by, childId, username);
    assertEquals(201, r.status(), r.toString());
  }

  public Http.Response withdraw(String by, String childId, String consentId) {
    return post(by, "/api/children/" + childId + "/consents/" + consentId + "/withdraw",
        new JsonObject().put("reason", "Vårdnadshavaren vill inte längre att polisen deltar"));
  }

  public JsonObject addGuardian(String by, String childId, String username) {
    JsonObject body = new JsonObject().put("name", "Karin Johansson").put("email", "karin.guardian@example.se")
        .put("phone", "070-123 45 67");
    if (username != null) {
      body.put("username", username);
    }
    Http.Response r = post(by, "/api/children/" + childId + "/guardians", body);
    assertEquals(201, r.status(), r.toString());
    return r.json();
  }

  /** Records a guardian without an account at this address (family is invited by e-mail only at an address on record). */
  public void addGuardianAddress(String by, String childId, String email) {
    Http.Response r = post(by, "/api/children/" + childId + "/guardians",
        new JsonObject().put("name", "Karin Johansson").put("email", email));
    assertEquals(201, r.status(), r.toString());
  }

  public JsonArray sharingLog(String user, String childId) {
    Http.Response r = get(user, "/api/children/" + childId + "/sharing-log");
    assertEquals(200, r.status(), r.toString());
    return r.json().getJsonArray("entries");
  }

  public static void assertProblem(Http.Response r, int status, String typeSlug) {
    assertEquals(status, r.status(), r.toString());
    assertEquals("application/problem+json", r.header("Content-Type"), r.toString());
    assertEquals("https://samverkan.se/problems/" + typeSlug, r.json().getString("type"), r.toString());
  }
}
