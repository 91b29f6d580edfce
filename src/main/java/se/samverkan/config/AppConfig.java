package se.samverkan.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the server needs, loaded once at start. {@code dev} builds it from the embedded
 * stack it started; {@code serve} reads it from {@code SAMVERKAN_*} variables (see {@link EnvConfigLoader}).
 */
public record AppConfig(
    Http http,
    Database database,
    Oidc oidc,
    Path masterKeyFile,
    String careModel,
    Limits limits,
    Mail mail) {

  /**
   * Outgoing mail (meeting invitations). Without an SMTP host — only allowed in {@code dev} — mails
   * are written as .eml files to {@code fileSink} instead of being sent.
   *
   * @param tls           NONE, STARTTLS (when offered) or TLS (implicit)
   * @param reminderLead  how long before a meeting reminders go out
   * @param retryBase     first wait after a failed send; doubled up to 5 minutes
   */
  public record Mail(String host, int port, String user, String password, String tls, String from,
                     java.nio.file.Path fileSink, Duration reminderLead, Duration retryBase) {
    public Mail {
      Objects.requireNonNull(from, "from");
      if (host == null && fileSink == null) {
        throw new IllegalArgumentException("mail needs an SMTP host or a file sink");
      }
    }

    public static Mail fileSink(java.nio.file.Path dir, String from) {
      return new Mail(null, 0, null, null, "NONE", from, dir, Duration.ofHours(24), Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
      return "Mail[" + (host == null ? "file sink " + fileSink : host + ":" + port + " tls=" + tls) + ", from=" + from + "]";
    }
  }

  /**
   * Per-user token buckets: sends in the team channels, and REST requests of any kind (so that
   * refusals, each of which is logged, cannot be used to flood the access log or the database);
   * and the WebSocket gateway's bounds.
   */
  public record Limits(double messagesPerSecond, int messageBurst, double requestsPerSecond, int requestBurst,
                       WebSockets webSockets) {
    /** Far above what a person clicks (a page load is about ten requests) and what the test suite's busiest user sends. */
    public static final double DEFAULT_REQUESTS_PER_SECOND = 50;
    public static final int DEFAULT_REQUEST_BURST = 1000;
    public static final Limits DEFAULT = new Limits(5, 20);

    public Limits {
      if (!(messagesPerSecond > 0) || messageBurst < 1 || !(requestsPerSecond > 0) || requestBurst < 1) {
        throw new IllegalArgumentException("rates must be positive and bursts at least 1");
      }
      Objects.requireNonNull(webSockets, "webSockets");
    }

    /** The given message limits with the default request limits and WebSocket bounds. */
    public Limits(double messagesPerSecond, int messageBurst) {
      this(messagesPerSecond, messageBurst, DEFAULT_REQUESTS_PER_SECOND, DEFAULT_REQUEST_BURST, WebSockets.DEFAULT);
    }
  }

  /**
   * Bounds of {@code /api/ws}, so that neither sockets that never log in nor one user's sockets can
   * take the server's memory or event loops from the others.
   *
   * @param authTimeout               how long a new socket may go without a valid {@code auth} frame
   * @param unauthenticatedPerAddress sockets not yet authenticated from one remote address (behind a
   *                                  proxy that is the proxy's: then set it to the total)
   * @param unauthenticatedTotal      sockets not yet authenticated in this process
   * @param socketsPerUser            authenticated sockets of one user in this process
   * @param subscriptionsPerSocket    channels one socket may follow at once
   * @param framesPerSecond           frames per user (all kinds, all of the user's sockets; token bucket)
   * @param frameBurst                how many frames a user may send at once before that rate applies
   */
  public record WebSockets(Duration authTimeout, int unauthenticatedPerAddress, int unauthenticatedTotal,
                           int socketsPerUser, int subscriptionsPerSocket, double framesPerSecond, int frameBurst) {
    public static final WebSockets DEFAULT = new WebSockets(Duration.ofSeconds(10), 50, 500, 20, 50, 50, 500);

    public WebSockets {
      Objects.requireNonNull(authTimeout, "authTimeout");
      if (authTimeout.isNegative() || authTimeout.isZero() || unauthenticatedPerAddress < 1 || unauthenticatedTotal < 1
          || socketsPerUser < 1 || subscriptionsPerSocket < 1 || !(framesPerSecond > 0) || frameBurst < 1) {
        throw new IllegalArgumentException("WebSocket bounds must be positive");
      }
    }
  }

  public AppConfig {
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(oidc, "oidc");
    Objects.requireNonNull(masterKeyFile, "masterKeyFile");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(mail, "mail");
    // A built-in care model's id or a model file; loaded (and checked) by EnvConfigLoader and at start.
    Objects.requireNonNull(careModel, "careModel");
  }

  /**
   * @param host      interface to bind
   * @param port      0 picks a free port (tests)
   * @param publicUrl how browsers and e-mails reach the server; null means http://localhost:{bound port}
   */
  public record Http(String host, int port, URI publicUrl) {
    public Http {
      Objects.requireNonNull(host, "host");
    }
  }

  public record Database(String host, int port, String name, String user, String password, int poolSize) {
    public Database {
      Objects.requireNonNull(host, "host");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(user, "user");
      if (poolSize < 1) {
        throw new IllegalArgumentException("poolSize must be at least 1");
      }
    }

    public String jdbcUrl() {
      return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    @Override
    public String toString() {
      return "Database[" + user + "@" + host + ":" + port + "/" + name + ", poolSize=" + poolSize + "]";
    }
  }

  /**
   * @param issuer            the exact {@code iss} of accepted tokens, also the realm URL browsers use
   * @param internalRealmUrl  where this server reaches the same realm (JWKS, token and admin endpoints);
   *                          differs from the issuer inside docker-compose
   * @param audience          required in {@code aud}
   * @param clockSkew         tolerated on exp/nbf/iat
   * @param webClientId       public client used by the browser
   * @param serverClientId    confidential client whose service account reads the directory
   * @param serverClientSecret its secret
   * @param authorizedParties the clients ({@code azp}) whose tokens are accepted: an audience mapper
   *                          alone does not make a client ours, and a password-grant client would skip
   *                          the browser login (federation, MFA)
   */
  public record Oidc(
      URI issuer,
      URI internalRealmUrl,
      String audience,
      Duration clockSkew,
      String webClientId,
      String serverClientId,
      String serverClientSecret,
      Set<String> authorizedParties) {

    /** Only the web client's tokens. */
    public Oidc(URI issuer, URI internalRealmUrl, String audience, Duration clockSkew, String webClientId,
        String serverClientId, String serverClientSecret) {
      this(issuer, internalRealmUrl, audience, clockSkew, webClientId, serverClientId, serverClientSecret,
          Set.of(webClientId));
    }

    public Oidc {
      Objects.requireNonNull(issuer, "issuer");
      Objects.requireNonNull(internalRealmUrl, "internalRealmUrl");
      Objects.requireNonNull(audience, "audience");
      Objects.requireNonNull(clockSkew, "clockSkew");
      Objects.requireNonNull(webClientId, "webClientId");
      Objects.requireNonNull(serverClientId, "serverClientId");
      Objects.requireNonNull(serverClientSecret, "serverClientSecret");
      authorizedParties = Set.copyOf(authorizedParties);
      if (authorizedParties.isEmpty()) {
        throw new IllegalArgumentException("at least one client must be allowed to call the API");
      }
      if (!issuer.getPath().contains("/realms/")) {
        throw new IllegalArgumentException("issuer must be a Keycloak realm URL (…/realms/<realm>): " + issuer);
      }
    }

    /** Keycloak base URL as the browser sees it, e.g. http://localhost:8180. */
    public String publicKeycloakUrl() {
      String s = issuer.toString();
      return s.substring(0, s.indexOf("/realms/"));
    }

    public String realm() {
      String s = issuer.toString();
      String realm = s.substring(s.indexOf("/realms/") + "/realms/".length());
      return realm.endsWith("/") ? realm.substring(0, realm.length() - 1) : realm;
    }

    /** Keycloak base URL as this server reaches it. */
    public String internalKeycloakUrl() {
      String s = internalRealmUrl.toString();
      return s.substring(0, s.indexOf("/realms/"));
    }

    public String internalRealmBase() {
      String s = internalRealmUrl.toString();
      return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String toString() {
      return "Oidc[issuer=" + issuer + ", internalRealmUrl=" + internalRealmUrl + ", audience=" + audience
          + ", clockSkew=" + clockSkew + ", webClientId=" + webClientId + ", serverClientId=" + serverClientId
          + ", serverClientSecret=***, authorizedParties=" + authorizedParties + "]";
    }
  }
}
