package se.samverkan.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static se.samverkan.testing.Api.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Api;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/** Loggkontroll's periodic review: a sample drawn again with its seed, marks that append, a CSV export. */
@ExtendWith(SamverkanExtension.class)
class AccessReviewTest {

  private static TestStack stack;
  private static Api api;
  /** A closed period with accesses by Region Kronoberg's and Växjö's staff. */
  private static String period;

  @BeforeAll
  static void accessesInAPeriod(TestStack s) throws InterruptedException {
    stack = s;
    api = new Api(s);
    String from = Instant.now().minusMillis(1).toString();
    String child = api.registerChild("anna.bvc").getString("id");
    api.recordConsent("anna.bvc", child, "WRITTEN_UPDATED", List.of("vaxjo"), List.of());
    api.addMemberOk("anna.bvc", child, "erik.rektor");
    for (int i = 0; i < 15; i++) {
      assertEquals(200, api.get("erik.rektor", "/api/children/" + child).status());
      assertEquals(200, api.get("anna.bvc", "/api/children/" + child).status());
    }
    String to = Instant.now().plusMillis(1).toString();
    period = "from=" + from + "&to=" + to;
  }

  static JsonObject review(String user, String query) {
    return api.get(user, "/api/admin/access-review?" + period + "&" + query).json();
  }

  static List<Long> ids(JsonObject review) {
    return review.getJsonArray("entries").stream().map(e -> ((JsonObject) e).getLong("id")).toList();
  }

  @Test
  void theSameSeedShouldDrawTheSameSampleAndAnotherSeedAnotherOne() {
    JsonObject first = review("sec.admin", "sample=5&seed=11");
    assertEquals(11, first.getLong("seed"));
    assertEquals(5, ids(first).size(), first.encode());
    assertEquals(ids(first), ids(review("sec.admin", "sample=5&seed=11")));
    assertNotEquals(ids(first), ids(review("sec.admin", "sample=5&seed=12")));

    JsonObject unseeded = review("sec.admin", "sample=5");
    long seed = unseeded.getLong("seed");
    assertEquals(ids(unseeded), ids(review("sec.admin", "sample=5&seed=" + seed)), "the returned seed draws it again");
    JsonObject entry = first.getJsonArray("entries").getJsonObject(0);
    assertTrue(entry.containsKey("flags") && entry.containsKey("review") && entry.containsKey("kind"), entry.encode());
  }

  @Test
  void vaxjosSecurityAdminShouldSampleOnlyAccessesByVaxjosStaff() {
    JsonArray entries = review("sec.vaxjo", "sample=500&seed=3").getJsonArray("entries");
    assertFalse(entries.isEmpty());
    assertTrue(entries.stream().allMatch(e -> "vaxjo".equals(((JsonObject) e).getString("organisation"))), entries.encode());
    assertTrue(entries.stream().anyMatch(e -> "erik.rektor".equals(((JsonObject) e).getString("username"))));
    assertProblem(api.get("sec.vaxjo", "/api/admin/access-review?organisation=region-kronoberg"), 403, "forbidden");
  }

  @Test
  void aLaterMarkShouldBeShownAndTheEarlierKept() throws java.sql.SQLException {
    long id = ids(review("sec.admin", "sample=1&seed=5")).get(0);
    assertEquals(201, api.post("sec.admin", "/api/admin/access-log/" + id + "/review",
        new JsonObject().put("verdict", "CHECKED").put("note", "Stämmer med uppdraget")).status());
    var questioned = api.post("sec.admin", "/api/admin/access-log/" + id + "/review",
        new JsonObject().put("verdict", "QUESTIONED").put("note", "Läste barnet 15 gånger – fråga Erik"));
    assertEquals(201, questioned.status(), questioned.toString());
    assertEquals("QUESTIONED", questioned.json().getString("verdict"));

    JsonObject shown = review("sec.admin", "sample=1&seed=5").getJsonArray("entries").getJsonObject(0).getJsonObject("review");
    assertEquals("QUESTIONED", shown.getString("verdict"));
    assertEquals("sec.admin", shown.getString("by"));
    assertEquals("Läste barnet 15 gånger – fråga Erik", shown.getString("note"));
    try (var db = stack.jdbc(); var q = db.prepareStatement("SELECT count(*) FROM access_review WHERE access_log_id = ?")) {
      q.setLong(1, id);
      var rs = q.executeQuery();
      rs.next();
      assertEquals(2, rs.getInt(1), "the earlier mark stays");
    }
  }

  @Test
  void marksShouldStayWithinTheReviewersScope() {
    JsonArray all = review("sec.admin", "sample=500&seed=1").getJsonArray("entries");
    long byRegion = all.stream().map(JsonObject.class::cast)
        .filter(e -> "region-kronoberg".equals(e.getString("organisation"))).findFirst().orElseThrow().getLong("id");
    JsonObject checked = new JsonObject().put("verdict", "CHECKED");
    assertProblem(api.post("sec.vaxjo", "/api/admin/access-log/" + byRegion + "/review", checked), 403, "forbidden");
    assertProblem(api.post("erik.rektor", "/api/admin/access-log/" + byRegion + "/review", checked), 403, "forbidden");
    assertProblem(api.post("sec.admin", "/api/admin/access-log/999999999/review", checked), 404, "not-found");
    assertNull(all.getJsonObject(0).getValue("unit"));
  }

  @Test
  void theExportShouldParseAsCsvWithOneRowPerEntryOfThePeriod() throws Exception {
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create(stack.baseUrl() + "/api/admin/access-log/export?" + period))
        .header("Authorization", "Bearer " + stack.token("sec.admin")).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
    byte[] body = r.body();
    assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, Arrays.copyOf(body, 3), "UTF-8 with a BOM");
    String text = new String(body, 3, body.length - 3, StandardCharsets.UTF_8);

    List<CSVRecord> rows;
    try (CSVParser parser = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
        .parse(new StringReader(text))) {
      assertEquals(List.of("id", "at", "username", "organisation", "unit", "action", "kind", "childId", "purpose",
          "outcome", "count"), parser.getHeaderNames());
      rows = parser.getRecords();
    }
    List<Long> expected = api.get("sec.admin", "/api/admin/access-log?limit=1000&" + period).json().getJsonArray("entries")
        .stream().map(e -> ((JsonObject) e).getLong("id")).sorted().toList();
    assertEquals(expected, rows.stream().map(row -> Long.parseLong(row.get("id"))).toList());
    assertTrue(rows.stream().anyMatch(row -> "Individuellt barnteam".equals(row.get("purpose"))
        && "READ".equals(row.get("kind")) && "erik.rektor".equals(row.get("username"))));

    assertProblem(api.get("anna.bvc", "/api/admin/access-log/export?" + period), 403, "forbidden");
  }
}
