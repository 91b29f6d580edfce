package se.samverkan.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The benchmarks' REST side of a server run with {@code dev}: logs in the dev users (password grant
 * of {@code samverkan-dev-cli}), prepares the channels and reads the server's own figures.
 */
final class DevServer {

  static final List<String> MEMBERS = List.of("anna.bvc", "erik.rektor", "sara.elevhalsa", "lars.soc", "maria.polis");
  static final String PASSWORD = "samverkan";
  /** Reads the server's heap and connection figures (GET /api/admin/server-status is for security-admins). */
  static final String STATUS_READER = "sec.admin";
  static final String STATUS_UNAVAILABLE = "unavailable";
  static final String CHANNEL_PREFIX = "Belastningstest ";
  /** A server under attack may not answer at all: the run still ends and says so. */
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final String url;
  private final String keycloak;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  DevServer(String url, String keycloak) {
    this.url = url;
    this.keycloak = keycloak;
  }

  String url() {
    return url;
  }

  /** Children named "Belastningstest n" with a consent and the five dev members; created once, then reused. */
  List<String> prepareChannels(String annaToken, int count) throws Exception {
    Map<String, String> existing = existingChannels(annaToken);
    List<String> ids = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      String name = CHANNEL_PREFIX + i;
      String id = existing.get(name);
      ids.add(id != null ? id : createChannel(annaToken, name));
    }
    return ids;
  }

  private Map<String, String> existingChannels(String annaToken) throws Exception {
    Map<String, String> existing = new HashMap<>();
    JsonArray children = new JsonObject(get("/api/children", annaToken)).getJsonArray("children");
    for (Object o : children) {
      JsonObject c = (JsonObject) o;
      if (c.getString("name").startsWith(CHANNEL_PREFIX) && "CHILD_CONTACT".equals(c.getString("myRole"))) {
        existing.put(c.getString("name"), c.getString("id"));
      }
    }
    return existing;
  }

  private String createChannel(String annaToken, String name) throws Exception {
    String id = new JsonObject(post("/api/children", annaToken, new JsonObject().put("name", name).put("birthDate", "2015-06-01")))
        .getString("id");
    post("/api/children/" + id + "/consents", annaToken, new JsonObject().put("level", "WRITTEN_UPDATED")
        .put("givenBy", new JsonArray().add("Vårdnadshavare (belastningstest)"))
        .put("organisations", new JsonArray().add("vaxjo").add("polisen")).put("persons", new JsonArray())
        .put("purpose", "Belastningstest av teamkanalen"));
    for (String member : MEMBERS.subList(1, MEMBERS.size())) {
      post("/api/children/" + id + "/team/members", annaToken, new JsonObject().put("username", member));
    }
    return id;
  }

  /** The server's own figures, or why they could not be read; the run's measurements are printed either way. */
  JsonObject serverStatus() {
    try {
      // A fresh token: the run may outlast the first ones (5 min).
      return new JsonObject(get("/api/admin/server-status", tokenResponse(STATUS_READER).getString("access_token")));
    } catch (Exception e) {
      return new JsonObject().put(STATUS_UNAVAILABLE, String.valueOf(e.getMessage()));
    }
  }

  /** One REST call; the answer whatever its status (the direct benchmark tallies refusals). */
  HttpResponse<String> exchange(String method, String path, String token, JsonObject body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url + path)).timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token);
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body.encode()));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** One REST call that must answer one of {@code expected}; its body. */
  String call(String method, String path, String token, JsonObject body, int... expected) throws Exception {
    HttpResponse<String> r = exchange(method, path, token, body);
    if (IntStream.of(expected).noneMatch(code -> code == r.statusCode())) {
      throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  private String get(String path, String token) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url + path)).timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token).GET().build(), 200);
  }

  private String post(String path, String token, JsonObject body) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(url + path)).timeout(REQUEST_TIMEOUT)
        .header("Authorization", "Bearer " + token)
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(), 201);
  }

  private String send(HttpRequest request, int expected) throws Exception {
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != expected) {
      throw new IllegalStateException(request.method() + " " + request.uri().getPath() + " answered " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  JsonObject tokenResponse(String user) throws Exception {
    String form = "grant_type=password&client_id=samverkan-dev-cli&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
        + "&password=" + PASSWORD;
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(keycloak
            + "/realms/samverkan/protocol/openid-connect/token")).timeout(REQUEST_TIMEOUT)
        .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("Could not log in " + user + " (is the server running with `dev`?): " + r.body());
    }
    return new JsonObject(r.body());
  }
}
