package se.samverkan.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import se.samverkan.config.AppConfig;
import se.samverkan.config.EnvConfigLoader;
import se.samverkan.crypto.MasterKeyFile;

/**
 * Everything {@code dev} (and the test suite) runs besides the server itself: PostgreSQL and
 * Keycloak on a data directory, with the dev realm additions applied. Produces the {@link AppConfig}
 * the server then starts with.
 */
public final class EmbeddedStack implements AutoCloseable {

  public static final String REALM = "samverkan";
  public static final String REALM_RESOURCE = "keycloak-realm/samverkan-realm.json";
  public static final String DEV_REALM_RESOURCE = "keycloak-realm/dev/samverkan-dev.json";
  static final String DB_NAME = "samverkan";
  static final String DB_USER = "samverkan";
  static final String KEYCLOAK_DB = "keycloak";
  static final String KEYCLOAK_DB_USER = "keycloak";
  static final String KEYCLOAK_ADMIN = "dev-admin";

  /**
   * @param freshKeycloak start Keycloak on an empty database (tests: a clean realm each run);
   *                      dev keeps Keycloak's database so user ids and keys survive restarts
   * @param durable       fsync PostgreSQL's writes (dev); tests trade that for speed
   */
  public record Settings(
      Path dataDir,
      String httpHost,
      int httpPort,
      int keycloakPort,
      int postgresPort,
      Path keycloakHome,
      Path javaHome,
      boolean durable,
      boolean freshKeycloak,
      Duration keycloakTimeout,
      String careModel,
      AppConfig.Limits limits,
      AppConfig.Mail mail,
      Consumer<String> progress) {
  }

  private final Settings settings;
  private final EmbeddedPostgresServer postgres;
  private final KeycloakServer keycloak;
  private final AppConfig appConfig;
  private final RealmAdmin realmAdmin;

  private EmbeddedStack(Settings settings, EmbeddedPostgresServer postgres, KeycloakServer keycloak,
      RealmAdmin realmAdmin, AppConfig appConfig) {
    this.settings = settings;
    this.postgres = postgres;
    this.keycloak = keycloak;
    this.realmAdmin = realmAdmin;
    this.appConfig = appConfig;
  }

  public static EmbeddedStack start(Settings s) throws IOException, InterruptedException, SQLException {
    return start(s, () -> false);
  }

  /**
   * @param aborted polled between the steps and while Keycloak boots; once true, the start stops
   *                what it has started so far and throws {@link StartAborted}
   */
  public static EmbeddedStack start(Settings s, BooleanSupplier aborted)
      throws IOException, InterruptedException, SQLException {
    Path data = s.dataDir().toAbsolutePath().normalize();
    Files.createDirectories(data.resolve("logs"));
    Path masterKey = data.resolve("master.key");
    MasterKeyFile.createIfMissing(masterKey);

    // Keycloak first: a Keycloak orphaned by a hard kill holds connections to PostgreSQL.
    StaleProcesses.stopStaleKeycloak(keycloakPidFile(data), s.keycloakHome());

    StartAborted.check(aborted, "before PostgreSQL started");
    s.progress().accept("Starting PostgreSQL (data in " + data.resolve("postgres") + ")");
    EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(
        postgresDir(data), s.postgresPort(), data.resolve("logs/postgres.log"), s.durable());
    KeycloakServer keycloak = null;
    try {
      String dbPassword = secret(data.resolve("postgres-password"));
      postgres.ensureDatabase(DB_NAME, DB_USER, dbPassword);
      if (s.freshKeycloak()) {
        postgres.dropDatabase(KEYCLOAK_DB);
      }
      postgres.ensureDatabase(KEYCLOAK_DB, KEYCLOAK_DB_USER, dbPassword);
      StartAborted.check(aborted, "before Keycloak started");

      String adminPassword = secret(data.resolve("keycloak/admin-password"));
      s.progress().accept("Starting Keycloak " + s.keycloakHome().getFileName() + " on port " + s.keycloakPort()
          + " (log in " + data.resolve("logs/keycloak.log") + ")");
      keycloak = KeycloakServer.start(keycloakOptions(s, data, postgres, dbPassword, adminPassword));
      keycloak.awaitReady(REALM, s.keycloakTimeout(),
          waited -> s.progress().accept("  … waiting for Keycloak (" + waited.toSeconds() + " s)"), aborted);

      s.progress().accept("Applying the dev realm additions (test users, samverkan-dev-cli)");
      RealmAdmin realmAdmin = new RealmAdmin(keycloak.baseUrl(), REALM, KEYCLOAK_ADMIN, adminPassword);
      realmAdmin.applyDevAdditions(new String(resource(DEV_REALM_RESOURCE), StandardCharsets.UTF_8));
      URI serverUrl = URI.create("http://localhost:" + s.httpPort());
      realmAdmin.allowWebClientAt(EnvConfigLoader.DEFAULT_WEB_CLIENT_ID, serverUrl);
      String clientSecret = realmAdmin.clientSecret(EnvConfigLoader.DEFAULT_SERVER_CLIENT_ID);
      StartAborted.check(aborted, "after Keycloak started");

      URI issuer = URI.create(keycloak.realmUrl(REALM));
      AppConfig config = devConfig(s, serverUrl, issuer, postgres, dbPassword, clientSecret, masterKey);
      return new EmbeddedStack(s, postgres, keycloak, realmAdmin, config);
    } catch (IOException | InterruptedException | SQLException | RuntimeException e) {
      closeQuietly(keycloak);
      closeQuietly(postgres);
      throw e;
    }
  }

  private static KeycloakServer.Options keycloakOptions(Settings s, Path data, EmbeddedPostgresServer postgres,
      String dbPassword, String adminPassword) throws IOException {
    return new KeycloakServer.Options(
        s.keycloakHome(),
        s.javaHome(),
        s.keycloakPort(),
        "jdbc:postgresql://localhost:" + postgres.port() + "/" + KEYCLOAK_DB,
        KEYCLOAK_DB_USER,
        dbPassword,
        KEYCLOAK_ADMIN,
        adminPassword,
        "samverkan-realm.json",
        resource(REALM_RESOURCE),
        data.resolve("logs/keycloak.log"),
        keycloakPidFile(data),
        "-Xms64m -Xmx768m");
  }

  private static AppConfig devConfig(Settings s, URI serverUrl, URI issuer, EmbeddedPostgresServer postgres,
      String dbPassword, String clientSecret, Path masterKey) {
    return new AppConfig(
        new AppConfig.Http(s.httpHost(), s.httpPort(), serverUrl),
        new AppConfig.Database("localhost", postgres.port(), DB_NAME, DB_USER, dbPassword,
            EnvConfigLoader.DEFAULT_POOL_SIZE),
        new AppConfig.Oidc(issuer, issuer, EnvConfigLoader.DEFAULT_AUDIENCE, EnvConfigLoader.DEFAULT_CLOCK_SKEW,
            EnvConfigLoader.DEFAULT_WEB_CLIENT_ID, EnvConfigLoader.DEFAULT_SERVER_CLIENT_ID, clientSecret,
            Set.of(EnvConfigLoader.DEFAULT_WEB_CLIENT_ID, EnvConfigLoader.DEV_CLI_CLIENT_ID)),
        masterKey,
        s.careModel(),
        s.limits(),
        s.mail());
  }

  /** Where the Keycloak started on {@code dataDir} records its pid (for cleaning up after a hard kill). */
  public static Path keycloakPidFile(Path dataDir) {
    return dataDir.toAbsolutePath().normalize().resolve("keycloak/keycloak.pid");
  }

  /** PostgreSQL's data directory (its postmaster.pid names a running server). */
  public static Path postgresDir(Path dataDir) {
    return dataDir.toAbsolutePath().normalize().resolve("postgres");
  }

  public AppConfig appConfig() {
    return appConfig;
  }

  public EmbeddedPostgresServer postgres() {
    return postgres;
  }

  public KeycloakServer keycloak() {
    return keycloak;
  }

  /** Admin access to the dev realm (tests use it to shape Keycloak, e.g. to add a signing key). */
  public RealmAdmin realmAdmin() {
    return realmAdmin;
  }

  public Settings settings() {
    return settings;
  }

  /** Reads a random secret kept in the data dir, creating it on first use (mode 600). */
  static String secret(Path file) throws IOException {
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }
    Files.createDirectories(file.getParent());
    byte[] raw = new byte[24];
    new SecureRandom().nextBytes(raw);
    String value = HexFormat.of().formatHex(raw);
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(file, value + "\n", StandardCharsets.US_ASCII);
    return value;
  }

  static byte[] resource(String name) throws IOException {
    try (InputStream in = EmbeddedStack.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("Missing resource " + name + " (is keycloak-realm/ copied into the build?)");
      }
      return in.readAllBytes();
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // already failing; the original error is what matters
    }
  }

  @Override
  public void close() throws Exception {
    try {
      keycloak.close();
    } finally {
      postgres.close();
    }
  }
}
