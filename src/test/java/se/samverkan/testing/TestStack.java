package se.samverkan.testing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import se.samverkan.Application;
import se.samverkan.config.AppConfig;
import se.samverkan.embedded.EmbeddedStack;
import se.samverkan.embedded.RealmAdmin;
import se.samverkan.meeting.MailOutboxJob;

/**
 * The running stack a test talks to: embedded PostgreSQL, Keycloak with the dev realm, and the
 * Samverkan server on random ports. Started once per test run by {@link SamverkanExtension}.
 */
public final class TestStack implements AutoCloseable {

  public static final String PASSWORD = "samverkan";
  public static final String DEV_CLI = "samverkan-dev-cli";

  private final EmbeddedStack stack;
  private final Vertx vertx;
  private final Application app;
  private final Http http;
  private final Map<String, CachedToken> tokens = new ConcurrentHashMap<>();
  private final TestSmtp smtp;

  private record CachedToken(String accessToken, Instant renewAt) {
  }

  TestStack(EmbeddedStack stack, Vertx vertx, Application app, TestSmtp smtp) {
    this.smtp = smtp;
    this.stack = stack;
    this.vertx = vertx;
    this.app = app;
    this.http = new Http(baseUrl());
  }

  /** The SMTP server the stack sends to (GreenMail). */
  public TestSmtp smtp() {
    return smtp;
  }

  public String baseUrl() {
    return "http://localhost:" + app.port();
  }

  public Http http() {
    return http;
  }

  public AppConfig config() {
    return stack.appConfig();
  }

  public Application app() {
    return app;
  }

  public Vertx vertx() {
    return vertx;
  }

  public EmbeddedStack embedded() {
    return stack;
  }

  public RealmAdmin realmAdmin() {
    return stack.realmAdmin();
  }

  public String issuer() {
    return stack.appConfig().oidc().issuer().toString();
  }

  public String keycloakUrl() {
    return stack.keycloak().baseUrl();
  }

  /** A real access token for a dev user, from the password grant of samverkan-dev-cli. */
  public synchronized String token(String username) {
    CachedToken cached = tokens.get(username);
    if (cached != null && Instant.now().isBefore(cached.renewAt())) {
      return cached.accessToken();
    }
    JsonObject response = passwordGrant(issuer(), DEV_CLI, username, PASSWORD);
    String token = response.getString("access_token");
    tokens.put(username, new CachedToken(token,
        Instant.now().plusSeconds(response.getLong("expires_in", 60L)).minus(Duration.ofSeconds(30))));
    return token;
  }

  /**
   * Adds (once) a public password-grant client with our API's audience to the realm: the kind of
   * client a script might use. The server accepts its tokens only where its {@code azp} is allowed.
   */
  public void addPasswordGrantClient(String clientId) {
    java.net.http.HttpResponse<String> created;
    try {
      created = realmAdmin().send("POST", "/clients", new JsonObject()
          .put("clientId", clientId).put("enabled", true).put("publicClient", true)
          .put("standardFlowEnabled", false).put("directAccessGrantsEnabled", true)
          // As samverkan-dev-cli: the organisation and roles reach the token, so only azp differs.
          .put("defaultClientScopes", new JsonArray(List.of("web-origins", "acr", "profile", "roles", "basic", "email",
              "organization")))
          .put("protocolMappers", new JsonArray().add(new JsonObject()
              .put("name", "samverkan-api-audience").put("protocol", "openid-connect")
              .put("protocolMapper", "oidc-audience-mapper")
              .put("config", new JsonObject().put("included.custom.audience", "samverkan-api")
                  .put("access.token.claim", "true").put("id.token.claim", "false"))))
          .encode());
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException("could not add client " + clientId, e);
    }
    if (created.statusCode() != 201 && created.statusCode() != 409) {
      throw new IllegalStateException("could not add client " + clientId + ": " + created.statusCode() + " " + created.body());
    }
  }

  /** The whole token response (access, id and refresh tokens) for a client of a realm URL. */
  public JsonObject passwordGrant(String realmUrl, String clientId, String username, String password) {
    return passwordGrant(realmUrl, clientId, username, password, "openid");
  }

  public JsonObject passwordGrant(String realmUrl, String clientId, String username, String password, String scope) {
    String form = form(Map.of(
        "grant_type", "password",
        "client_id", clientId,
        "username", username,
        "password", password,
        "scope", scope));
    Http.Response r = Http.send(HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    if (r.status() != 200) {
      throw new IllegalStateException("token request for " + username + " via " + clientId + " failed: " + r);
    }
    return r.json();
  }

  public static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
            + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /**
   * Runs one whole pass of the mail outbox (reminders due, then every mail due) and waits for it:
   * a pass that starts after this call, so afterwards every mail that could go out has been tried.
   * Tests that a mail is NOT sent wait for this instead of for a while.
   */
  public void awaitMailOutboxPass() throws java.util.concurrent.TimeoutException {
    vertx.eventBus().request(MailOutboxJob.RUN_ADDRESS, "test").await(60, TimeUnit.SECONDS);
  }

  /** A JDBC connection to the server's database, for assertions on what is stored. */
  public Connection jdbc() throws SQLException {
    AppConfig.Database db = stack.appConfig().database();
    return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
  }

  @Override
  public void close() throws Exception {
    try {
      app.close().await(30, TimeUnit.SECONDS);
      vertx.close().await(30, TimeUnit.SECONDS);
    } finally {
      try {
        stack.close();
      } finally {
        smtp.close();
      }
    }
  }
}
