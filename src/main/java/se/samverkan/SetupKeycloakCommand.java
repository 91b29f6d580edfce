package se.samverkan;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import se.samverkan.config.ConfigException;
import se.samverkan.config.EnvConfigLoader;
import se.samverkan.crypto.MasterKeyFile;
import se.samverkan.embedded.EmbeddedStack;
import se.samverkan.embedded.RealmAdmin;

/**
 * {@code setup-keycloak}: one-shot preparation of an installation whose Keycloak imported
 * {@code keycloak-realm/samverkan-realm.json} (docker-compose runs it before the server). Writes the
 * generated secret of the {@code samverkan-server} client and a master key (if none exists) into a
 * secrets directory for {@code serve}, lets the web client redirect to the public URL, and — only
 * when asked — applies the dev users.
 */
final class SetupKeycloakCommand {

  static final String ADMIN_URL = "SAMVERKAN_KEYCLOAK_ADMIN_URL";
  static final String ADMIN_USER = "SAMVERKAN_KEYCLOAK_ADMIN_USER";
  static final String ADMIN_PASSWORD = "SAMVERKAN_KEYCLOAK_ADMIN_PASSWORD";
  static final String ADMIN_PASSWORD_FILE = "SAMVERKAN_KEYCLOAK_ADMIN_PASSWORD_FILE";
  static final String SECRETS_DIR = "SAMVERKAN_SECRETS_DIR";
  static final String SEED_DEV_USERS = "SAMVERKAN_SEED_DEV_USERS";

  private SetupKeycloakCommand() {
  }

  static int run(Map<String, String> env, PrintStream out) throws Exception {
    List<String> missing = new ArrayList<>();
    for (String name : List.of(ADMIN_URL, ADMIN_USER, SECRETS_DIR)) {
      if (env.getOrDefault(name, "").isBlank()) {
        missing.add(name + " is not set");
      }
    }
    String adminPassword = adminPassword(env, missing);
    if (!missing.isEmpty()) {
      throw new ConfigException(missing);
    }
    String keycloakUrl = env.get(ADMIN_URL).replaceAll("/$", "");
    Path secrets = Path.of(env.get(SECRETS_DIR));
    URI publicUrl = URI.create(env.getOrDefault(EnvConfigLoader.PUBLIC_URL, "http://localhost:8080"));

    awaitRealm(keycloakUrl, Duration.ofMinutes(5), out);
    RealmAdmin admin = new RealmAdmin(keycloakUrl, EmbeddedStack.REALM, env.get(ADMIN_USER), adminPassword);
    if (Boolean.parseBoolean(env.getOrDefault(SEED_DEV_USERS, "false"))) {
      out.println("Applying the dev users and samverkan-dev-cli (" + SEED_DEV_USERS + "=true)");
      try (var in = SetupKeycloakCommand.class.getClassLoader().getResourceAsStream(EmbeddedStack.DEV_REALM_RESOURCE)) {
        admin.applyDevAdditions(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    }
    admin.allowWebClientAt(EnvConfigLoader.DEFAULT_WEB_CLIENT_ID, publicUrl);

    Files.createDirectories(secrets);
    writeSecret(secrets.resolve("keycloak-client-secret"), admin.clientSecret(EnvConfigLoader.DEFAULT_SERVER_CLIENT_ID));
    MasterKeyFile.createIfMissing(secrets.resolve("master.key"));
    out.println("Keycloak is set up; secrets are in " + secrets);
    return 0;
  }

  /** Given directly or, as docker-compose does with its generated one, as a file holding it. */
  private static String adminPassword(Map<String, String> env, List<String> problems) throws IOException {
    String direct = env.getOrDefault(ADMIN_PASSWORD, "");
    if (!direct.isBlank()) {
      return direct;
    }
    String file = env.getOrDefault(ADMIN_PASSWORD_FILE, "");
    if (file.isBlank()) {
      problems.add(ADMIN_PASSWORD + " (or " + ADMIN_PASSWORD_FILE + ") is not set");
      return null;
    }
    String fromFile = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
    if (fromFile.isEmpty()) {
      problems.add(ADMIN_PASSWORD_FILE + " points to " + file + ", which is empty");
    }
    return fromFile;
  }

  private static void awaitRealm(String keycloakUrl, Duration timeout, PrintStream out)
      throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    URI discovery = URI.create(keycloakUrl + "/realms/" + EmbeddedStack.REALM + "/.well-known/openid-configuration");
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(discovery).GET().build(), HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not up yet
      }
      if (System.nanoTime() > deadline) {
        throw new IOException("The realm " + EmbeddedStack.REALM + " did not appear at " + keycloakUrl + " within " + timeout.toMinutes() + " min");
      }
      out.println("Waiting for Keycloak at " + keycloakUrl + " …");
      Thread.sleep(3_000);
    }
  }

  private static void writeSecret(Path file, String value) throws IOException {
    Path tmp = Files.createTempFile(file.getParent(), ".secret", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, value + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
