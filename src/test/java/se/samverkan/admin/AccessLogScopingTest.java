package se.samverkan.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.samverkan.testing.Api.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/**
 * Loggkontroll per organisation (HSLF-FS 2016:40): each row says what was done, and Växjö's security
 * admin reviews only the accesses made by Växjö's staff, the county's team everyone's.
 */
@ExtendWith(SamverkanExtension.class)
class AccessLogScopingTest {

  static List<JsonObject> entries(Api api, String user, String query) {
    JsonArray entries = api.get(user, "/api/admin/access-log?" + query).json().getJsonArray("entries");
    return entries.stream().map(JsonObject.class::cast).toList();
  }

  /** anna.bvc (Region Kronoberg) registers a child and adds erik.rektor (Växjö), who reads it. */
  static String childReadByVaxjo(Api api) {
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    assertEquals(200, api.get("erik.rektor", "/api/children/" + child).status());
    return child;
  }

  @Test
  void vaxjosSecurityAdminShouldSeeOnlyAccessesByVaxjosStaff(TestStack stack) {
    Api api = new Api(stack);
    String child = childReadByVaxjo(api);

    List<JsonObject> all = entries(api, "sec.admin", "child=" + child);
    assertTrue(all.stream().anyMatch(e -> "anna.bvc".equals(e.getString("username"))), all.toString());
    assertTrue(all.stream().anyMatch(e -> "erik.rektor".equals(e.getString("username"))), all.toString());

    List<JsonObject> vaxjo = entries(api, "sec.vaxjo", "child=" + child);
    assertFalse(vaxjo.isEmpty());
    assertTrue(vaxjo.stream().allMatch(e -> "vaxjo".equals(e.getString("organisation"))), vaxjo.toString());
    assertTrue(vaxjo.stream().anyMatch(e -> "erik.rektor".equals(e.getString("username"))
        && "child.read".equals(e.getString("action"))), vaxjo.toString());
    assertEquals(vaxjo.size(), entries(api, "sec.vaxjo", "child=" + child + "&organisation=vaxjo").size());

    assertProblem(api.get("sec.vaxjo", "/api/admin/access-log?organisation=region-kronoberg"), 403, "forbidden");
    List<JsonObject> region = entries(api, "sec.admin", "child=" + child + "&organisation=region-kronoberg");
    assertTrue(region.stream().allMatch(e -> "region-kronoberg".equals(e.getString("organisation"))), region.toString());
    assertTrue(region.stream().anyMatch(e -> "anna.bvc".equals(e.getString("username"))), region.toString());
  }

  @Test
  void everyRowShouldSayWhatWasDoneAndBeFilterableByIt(TestStack stack) {
    Api api = new Api(stack);
    String child = childReadByVaxjo(api);

    List<JsonObject> rows = entries(api, "sec.admin", "child=" + child);
    assertTrue(rows.stream().allMatch(e -> e.containsKey("kind") && e.containsKey("unit")), rows.toString());
    assertTrue(rows.stream().anyMatch(e -> "child.read".equals(e.getString("action")) && "READ".equals(e.getString("kind"))));
    assertTrue(rows.stream().anyMatch(e -> "consent.record".equals(e.getString("action")) && "CHANGE".equals(e.getString("kind"))));
    assertTrue(rows.stream().anyMatch(e -> "team.add".equals(e.getString("action")) && "DISCLOSE".equals(e.getString("kind"))));

    List<JsonObject> disclosures = entries(api, "sec.admin", "child=" + child + "&kind=DISCLOSE");
    assertFalse(disclosures.isEmpty());
    assertTrue(disclosures.stream().allMatch(e -> "DISCLOSE".equals(e.getString("kind"))), disclosures.toString());
    assertTrue(disclosures.size() < rows.size());
  }

  @Test
  void aNonAdminShouldNotNarrowItsWayIntoTheLog(TestStack stack) {
    Api api = new Api(stack);
    assertProblem(api.get("erik.rektor", "/api/admin/access-log?organisation=vaxjo"), 403, "forbidden");
    assertProblem(api.get("anna.bvc", "/api/admin/access-log?kind=READ"), 403, "forbidden");
  }
}
