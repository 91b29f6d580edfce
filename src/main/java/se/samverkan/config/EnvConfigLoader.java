package se.samverkan.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import se.samverkan.caremodel.CareModel;

/**
 * Reads the {@code serve} configuration from {@code SAMVERKAN_*} environment variables. Production
 * uses only what is configured: a missing database, issuer, client secret or master key is an error,
 * never a silent default.
 */
public final class EnvConfigLoader {

  public static final String HTTP_HOST = "SAMVERKAN_HTTP_HOST";
  public static final String HTTP_PORT = "SAMVERKAN_HTTP_PORT";
  public static final String PUBLIC_URL = "SAMVERKAN_PUBLIC_URL";
  public static final String DB_HOST = "SAMVERKAN_DB_HOST";
  public static final String DB_PORT = "SAMVERKAN_DB_PORT";
  public static final String DB_NAME = "SAMVERKAN_DB_NAME";
  public static final String DB_USER = "SAMVERKAN_DB_USER";
  public static final String DB_PASSWORD = "SAMVERKAN_DB_PASSWORD";
  public static final String DB_PASSWORD_FILE = "SAMVERKAN_DB_PASSWORD_FILE";
  public static final String DB_POOL_SIZE = "SAMVERKAN_DB_POOL_SIZE";
  public static final String OIDC_ISSUER = "SAMVERKAN_OIDC_ISSUER";
  public static final String OIDC_INTERNAL_URL = "SAMVERKAN_OIDC_INTERNAL_URL";
  public static final String OIDC_AUDIENCE = "SAMVERKAN_OIDC_AUDIENCE";
  public static final String OIDC_CLOCK_SKEW_SECONDS = "SAMVERKAN_OIDC_CLOCK_SKEW_SECONDS";
  public static final String WEB_CLIENT_ID = "SAMVERKAN_WEB_CLIENT_ID";
  public static final String KEYCLOAK_CLIENT_ID = "SAMVERKAN_KEYCLOAK_CLIENT_ID";
  public static final String KEYCLOAK_CLIENT_SECRET = "SAMVERKAN_KEYCLOAK_CLIENT_SECRET";
  public static final String KEYCLOAK_CLIENT_SECRET_FILE = "SAMVERKAN_KEYCLOAK_CLIENT_SECRET_FILE";
  public static final String MASTER_KEY_FILE = "SAMVERKAN_MASTER_KEY_FILE";
  public static final String CARE_MODEL = "SAMVERKAN_CARE_MODEL";
  public static final String MESSAGE_RATE = "SAMVERKAN_MESSAGE_RATE_PER_SECOND";
  public static final String SMTP_HOST = "SAMVERKAN_SMTP_HOST";
  public static final String SMTP_PORT = "SAMVERKAN_SMTP_PORT";
  public static final String SMTP_USER = "SAMVERKAN_SMTP_USER";
  public static final String SMTP_PASSWORD = "SAMVERKAN_SMTP_PASSWORD";
  public static final String SMTP_PASSWORD_FILE = "SAMVERKAN_SMTP_PASSWORD_FILE";
  public static final String SMTP_TLS = "SAMVERKAN_SMTP_TLS";
  public static final String MAIL_FROM = "SAMVERKAN_MAIL_FROM";
  public static final String REMINDER_HOURS = "SAMVERKAN_MEETING_REMINDER_HOURS";
  public static final String MAIL_RETRY_SECONDS = "SAMVERKAN_MAIL_RETRY_SECONDS";
  public static final String MESSAGE_BURST = "SAMVERKAN_MESSAGE_BURST";
  public static final String REQUEST_RATE = "SAMVERKAN_REQUEST_RATE_PER_SECOND";
  public static final String REQUEST_BURST = "SAMVERKAN_REQUEST_BURST";
  public static final String OIDC_ALLOWED_CLIENTS = "SAMVERKAN_OIDC_ALLOWED_CLIENTS";
  public static final String OIDC_ALLOW_HTTP_ISSUER = "SAMVERKAN_OIDC_ALLOW_HTTP_ISSUER";
  public static final String WS_AUTH_TIMEOUT_SECONDS = "SAMVERKAN_WS_AUTH_TIMEOUT_SECONDS";
  public static final String WS_UNAUTHENTICATED_PER_ADDRESS = "SAMVERKAN_WS_UNAUTHENTICATED_PER_ADDRESS";
  public static final String WS_UNAUTHENTICATED_TOTAL = "SAMVERKAN_WS_UNAUTHENTICATED_TOTAL";
  public static final String WS_SOCKETS_PER_USER = "SAMVERKAN_WS_SOCKETS_PER_USER";
  public static final String WS_SUBSCRIPTIONS_PER_SOCKET = "SAMVERKAN_WS_SUBSCRIPTIONS_PER_SOCKET";
  public static final String WS_FRAMES_PER_SECOND = "SAMVERKAN_WS_FRAMES_PER_SECOND";
  public static final String WS_FRAME_BURST = "SAMVERKAN_WS_FRAME_BURST";

  public static final int DEFAULT_HTTP_PORT = 8080;
  public static final String DEFAULT_AUDIENCE = "samverkan-api";
  public static final String DEFAULT_WEB_CLIENT_ID = "samverkan-web";
  public static final String DEFAULT_SERVER_CLIENT_ID = "samverkan-server";
  /** The dev realm's password-grant client: `dev` and the tests accept it, `serve` never does. */
  public static final String DEV_CLI_CLIENT_ID = "samverkan-dev-cli";
  public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
  public static final int DEFAULT_POOL_SIZE = 16;

  private final Map<String, String> env;
  private final List<String> problems = new ArrayList<>();

  private EnvConfigLoader(Map<String, String> env) {
    this.env = env;
  }

  public static AppConfig load(Map<String, String> env) {
    return new EnvConfigLoader(env).load();
  }

  private AppConfig load() {
    String httpHost = optional(HTTP_HOST, "0.0.0.0");
    int httpPort = integer(HTTP_PORT, DEFAULT_HTTP_PORT, 0, 65535);
    URI publicUrl = uri(PUBLIC_URL, false);

    String dbHost = required(DB_HOST, "the PostgreSQL host");
    int dbPort = integer(DB_PORT, 5432, 1, 65535);
    String dbName = optional(DB_NAME, "samverkan");
    String dbUser = required(DB_USER, "the PostgreSQL user");
    String dbPassword = secret(DB_PASSWORD, DB_PASSWORD_FILE, "the PostgreSQL password");
    int poolSize = integer(DB_POOL_SIZE, DEFAULT_POOL_SIZE, 1, 1000);

    URI issuer = issuer();
    URI internal = internalUrl(issuer);
    refuseCleartextIssuer(issuer);
    String audience = optional(OIDC_AUDIENCE, DEFAULT_AUDIENCE);
    int skew = integer(OIDC_CLOCK_SKEW_SECONDS, (int) DEFAULT_CLOCK_SKEW.toSeconds(), 0, 300);
    String webClientId = optional(WEB_CLIENT_ID, DEFAULT_WEB_CLIENT_ID);
    Set<String> allowedClients = allowedClients(webClientId);
    String serverClientId = optional(KEYCLOAK_CLIENT_ID, DEFAULT_SERVER_CLIENT_ID);
    String serverSecret = secret(KEYCLOAK_CLIENT_SECRET, KEYCLOAK_CLIENT_SECRET_FILE,
        "the secret of the " + serverClientId + " client (Keycloak → Clients → " + serverClientId + " → Credentials)");

    Path masterKey = masterKey();

    AppConfig.Limits limits = limits(env, problems);
    String smtpHost = required(SMTP_HOST, "the SMTP server that sends meeting invitations");
    AppConfig.Mail mail = mail(env, smtpHost, null, publicUrl != null ? publicUrl.getHost() : "localhost", problems);
    String careModel = careModel(env, problems);

    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new AppConfig(
        new AppConfig.Http(httpHost, httpPort, publicUrl),
        new AppConfig.Database(dbHost, dbPort, dbName, dbUser, dbPassword, poolSize),
        new AppConfig.Oidc(issuer, internal != null ? internal : issuer, audience, Duration.ofSeconds(skew),
            webClientId, serverClientId, serverSecret, allowedClients),
        masterKey,
        careModel,
        limits,
        mail);
  }

  private URI issuer() {
    URI issuer = uri(OIDC_ISSUER, true);
    if (issuer != null && !issuer.getPath().contains("/realms/")) {
      problems.add(OIDC_ISSUER + " must be a Keycloak realm URL such as https://login.example.se/realms/samverkan");
    }
    return issuer;
  }

  private URI internalUrl(URI issuer) {
    URI internal = uri(OIDC_INTERNAL_URL, false);
    // The server derives Keycloak's base URL and the realm's endpoints from this URL: it must be the
    // issuer's realm, only reached under another host name (e.g. inside docker-compose).
    if (internal != null && !internal.getPath().contains("/realms/")) {
      problems.add(OIDC_INTERNAL_URL + " must be a Keycloak realm URL such as http://keycloak:8080/realms/samverkan");
    } else if (internal != null && issuer != null && issuer.getPath().contains("/realms/")
        && !realmOf(internal).equals(realmOf(issuer))) {
      problems.add(OIDC_INTERNAL_URL + " must name the same realm as " + OIDC_ISSUER + " (\"" + realmOf(issuer)
          + "\", got \"" + realmOf(internal) + "\")");
    }
    return internal;
  }

  private Path masterKey() {
    String masterKeyFile = required(MASTER_KEY_FILE, "the file holding the master key (32 random bytes, base64)");
    if (masterKeyFile == null) {
      return null;
    }
    Path masterKey = Path.of(masterKeyFile);
    if (!Files.isReadable(masterKey)) {
      problems.add(MASTER_KEY_FILE + " points to " + masterKey + ", which does not exist or is not readable");
    }
    return masterKey;
  }

  /**
   * The mail settings; {@code smtpHost} null means the {@code fileSink} (dev only). Problems are
   * added to {@code problems}.
   */
  public static AppConfig.Mail mail(Map<String, String> env, String smtpHost, java.nio.file.Path fileSink,
      String publicHost, List<String> problems) {
    EnvConfigLoader reader = new EnvConfigLoader(env);
    String tls = reader.optional(SMTP_TLS, "STARTTLS").toUpperCase(java.util.Locale.ROOT);
    if (!List.of("NONE", "STARTTLS", "TLS").contains(tls)) {
      problems.add(SMTP_TLS + " must be NONE, STARTTLS or TLS");
      tls = "STARTTLS";
    }
    int port = reader.integer(SMTP_PORT, "TLS".equals(tls) ? 465 : 25, 1, 65535);
    String user = reader.value(SMTP_USER);
    String password = reader.value(SMTP_PASSWORD);
    if (password == null && reader.value(SMTP_PASSWORD_FILE) != null) {
      password = reader.secret(SMTP_PASSWORD, SMTP_PASSWORD_FILE, "the SMTP password");
    }
    String from = reader.optional(MAIL_FROM, "samverkan@" + publicHost);
    int reminderHours = reader.integer(REMINDER_HOURS, 24, 0, 24 * 14);
    int retrySeconds = reader.integer(MAIL_RETRY_SECONDS, 10, 1, 3600);
    problems.addAll(reader.problems);
    if (smtpHost == null && fileSink == null) {
      return AppConfig.Mail.fileSink(java.nio.file.Path.of("mail"), from);
    }
    return new AppConfig.Mail(smtpHost, port, user, password, tls, from, smtpHost == null ? fileSink : null,
        Duration.ofHours(reminderHours), Duration.ofSeconds(retrySeconds));
  }

  /** The send and request limits and the WebSocket bounds; malformed values are added to {@code problems}. */
  public static AppConfig.Limits limits(Map<String, String> env, List<String> problems) {
    EnvConfigLoader reader = new EnvConfigLoader(env);
    double messageRate = reader.positiveRate(MESSAGE_RATE, AppConfig.Limits.DEFAULT.messagesPerSecond());
    int messageBurst = reader.integer(MESSAGE_BURST, AppConfig.Limits.DEFAULT.messageBurst(), 1, 1_000_000);
    double requestRate = reader.positiveRate(REQUEST_RATE, AppConfig.Limits.DEFAULT_REQUESTS_PER_SECOND);
    int requestBurst = reader.integer(REQUEST_BURST, AppConfig.Limits.DEFAULT_REQUEST_BURST, 1, 1_000_000);
    AppConfig.WebSockets webSockets = reader.webSockets();
    problems.addAll(reader.problems);
    return new AppConfig.Limits(messageRate, messageBurst, requestRate, requestBurst, webSockets);
  }

  private double positiveRate(String name, double fallback) {
    return parse(name, fallback, raw -> {
      double rate = Double.parseDouble(raw);
      if (!(rate > 0) || Double.isInfinite(rate)) {
        throw new IllegalArgumentException();
      }
      return rate;
    }, "a positive number (per second)");
  }

  /**
   * Over http anyone on the path between browsers and Keycloak reads the tokens: a cleartext issuer
   * needs the explicit opt-in (a demo on localhost). The internal URL may stay http inside a
   * deployment's own network.
   */
  private void refuseCleartextIssuer(URI issuer) {
    if (issuer != null && "http".equals(issuer.getScheme())
        && !Boolean.parseBoolean(optional(OIDC_ALLOW_HTTP_ISSUER, "false"))) {
      problems.add(OIDC_ISSUER + " is an http:// URL: use https, or set " + OIDC_ALLOW_HTTP_ISSUER
          + "=true if nobody else can read the connection (e.g. a demo on localhost)");
    }
  }

  /** The clients ({@code azp}) whose tokens open the API; by default only the browser's. */
  private Set<String> allowedClients(String webClientId) {
    String raw = value(OIDC_ALLOWED_CLIENTS);
    Set<String> clients = new java.util.LinkedHashSet<>();
    for (String c : (raw == null ? webClientId : raw).split(",")) {
      if (!c.isBlank()) {
        clients.add(c.trim());
      }
    }
    if (clients.isEmpty()) {
      problems.add(OIDC_ALLOWED_CLIENTS + " must name at least one client, e.g. " + webClientId);
      clients.add(webClientId);
    }
    if (clients.contains(DEV_CLI_CLIENT_ID)) {
      problems.add(OIDC_ALLOWED_CLIENTS + " names " + DEV_CLI_CLIENT_ID
          + ", the password-grant client of the dev realm: it skips the browser login and is for dev and tests only");
    }
    return clients;
  }

  private AppConfig.WebSockets webSockets() {
    AppConfig.WebSockets d = AppConfig.WebSockets.DEFAULT;
    return new AppConfig.WebSockets(
        Duration.ofSeconds(integer(WS_AUTH_TIMEOUT_SECONDS, (int) d.authTimeout().toSeconds(), 1, 300)),
        integer(WS_UNAUTHENTICATED_PER_ADDRESS, d.unauthenticatedPerAddress(), 1, 1_000_000),
        integer(WS_UNAUTHENTICATED_TOTAL, d.unauthenticatedTotal(), 1, 1_000_000),
        integer(WS_SOCKETS_PER_USER, d.socketsPerUser(), 1, 1_000_000),
        integer(WS_SUBSCRIPTIONS_PER_SOCKET, d.subscriptionsPerSocket(), 1, 10_000),
        integer(WS_FRAMES_PER_SECOND, (int) d.framesPerSecond(), 1, 1_000_000),
        integer(WS_FRAME_BURST, d.frameBurst(), 1, 1_000_000));
  }

  private static String realmOf(URI realmUrl) {
    String path = realmUrl.getPath();
    String realm = path.substring(path.indexOf("/realms/") + "/realms/".length());
    int slash = realm.indexOf('/');
    return slash < 0 ? realm : realm.substring(0, slash);
  }

  /**
   * The configured care model — a built-in id or a model file — or the default when unset. A value
   * that does not load (unknown id, unreadable or invalid file) adds a problem and gives null.
   */
  public static String careModel(Map<String, String> env, List<String> problems) {
    String raw = env.get(CARE_MODEL);
    String value = raw == null || raw.isBlank() ? CareModel.DEFAULT : raw.trim();
    try {
      CareModel.load(value);
      return value;
    } catch (IllegalArgumentException e) {
      problems.add(CARE_MODEL + ": " + e.getMessage());
      return null;
    }
  }


  private String value(String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private String optional(String name, String fallback) {
    String v = value(name);
    return v != null ? v : fallback;
  }

  private String required(String name, String what) {
    String v = value(name);
    if (v == null) {
      problems.add(name + " is not set: " + what);
    }
    return v;
  }

  /** A secret given directly or, Docker-secrets style, as a file holding it. */
  private String secret(String name, String fileName, String what) {
    String direct = value(name);
    String file = value(fileName);
    if (direct != null) {
      return direct;
    }
    if (file != null) {
      try {
        String content = Files.readString(Path.of(file)).trim();
        if (content.isEmpty()) {
          problems.add(fileName + " points to " + file + ", which is empty");
        }
        return content;
      } catch (java.io.IOException e) {
        problems.add(fileName + " points to " + file + ", which cannot be read");
        return null;
      }
    }
    problems.add(name + " (or " + fileName + ") is not set: " + what);
    return null;
  }

  private int integer(String name, int fallback, int min, int max) {
    return parse(name, fallback, raw -> {
      int n = Integer.parseInt(raw);
      if (n < min || n > max) {
        throw new IllegalArgumentException();
      }
      return n;
    }, "a whole number from " + min + " to " + max);
  }

  private URI uri(String name, boolean required) {
    String raw = required ? required(name, "an http(s) URL") : value(name);
    if (raw == null) {
      return null;
    }
    return parse(name, null, v -> {
      try {
        URI u = new URI(v);
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
          throw new IllegalArgumentException();
        }
        String s = u.toString();
        return s.endsWith("/") ? new URI(s.substring(0, s.length() - 1)) : u;
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(e);
      }
    }, "an absolute http(s) URL");
  }

  private <T> T parse(String name, T fallback, Function<String, T> parser, String expected) {
    String raw = value(name);
    if (raw == null) {
      return fallback;
    }
    try {
      return parser.apply(raw);
    } catch (RuntimeException e) {
      problems.add(name + " must be " + expected + " (got \"" + raw + "\")");
      return fallback;
    }
  }
}
