package se.samverkan.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvConfigLoaderTest {

  @TempDir
  Path dir;

  private Map<String, String> complete() throws IOException {
    Path key = dir.resolve("master.key");
    Files.writeString(key, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=");
    Map<String, String> env = new HashMap<>();
    env.put("SAMVERKAN_DB_HOST", "db.internal");
    env.put("SAMVERKAN_DB_USER", "samverkan");
    env.put("SAMVERKAN_DB_PASSWORD", "s3cret");
    env.put("SAMVERKAN_OIDC_ISSUER", "https://login.example.se/realms/samverkan");
    env.put("SAMVERKAN_KEYCLOAK_CLIENT_SECRET", "client-secret");
    env.put("SAMVERKAN_MASTER_KEY_FILE", key.toString());
    env.put("SAMVERKAN_SMTP_HOST", "smtp.internal");
    return env;
  }

  @Test
  void serveShouldRefuseToStartListingEveryMissingSetting() {
    ConfigException e = assertThrows(ConfigException.class, () -> EnvConfigLoader.load(Map.of()));
    List<String> names = List.of("SAMVERKAN_DB_HOST", "SAMVERKAN_DB_USER", "SAMVERKAN_DB_PASSWORD",
        "SAMVERKAN_OIDC_ISSUER", "SAMVERKAN_KEYCLOAK_CLIENT_SECRET", "SAMVERKAN_MASTER_KEY_FILE", "SAMVERKAN_SMTP_HOST");
    for (String name : names) {
      assertTrue(e.problems().stream().anyMatch(p -> p.startsWith(name)), name + " should be reported: " + e.problems());
    }
    assertEquals(names.size(), e.problems().size(), e.getMessage());
  }

  @Test
  void completeConfigurationShouldLoadWithDefaults() throws IOException {
    AppConfig config = EnvConfigLoader.load(complete());
    assertEquals(8080, config.http().port());
    assertEquals("0.0.0.0", config.http().host());
    assertEquals(5432, config.database().port());
    assertEquals("samverkan", config.database().name());
    assertEquals("samverkan-api", config.oidc().audience());
    assertEquals(Duration.ofSeconds(30), config.oidc().clockSkew());
    assertEquals("samverkan", config.oidc().realm());
    assertEquals("https://login.example.se", config.oidc().publicKeycloakUrl());
    assertEquals(config.oidc().issuer(), config.oidc().internalRealmUrl());
    assertEquals("smtp.internal", config.mail().host());
    assertEquals(25, config.mail().port());
    assertEquals("STARTTLS", config.mail().tls());
    assertEquals(Duration.ofHours(24), config.mail().reminderLead());
  }

  @Test
  void serveShouldRefuseAnHttpIssuerUnlessExplicitlyAllowed() throws IOException {
    Map<String, String> env = complete();
    env.put("SAMVERKAN_OIDC_ISSUER", "http://login.example.se/realms/samverkan");
    ConfigException e = assertThrows(ConfigException.class, () -> EnvConfigLoader.load(env));
    assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("SAMVERKAN_OIDC_ISSUER is an http:// URL")
        && p.contains("SAMVERKAN_OIDC_ALLOW_HTTP_ISSUER")), e.getMessage());
    env.put("SAMVERKAN_OIDC_ALLOW_HTTP_ISSUER", "true");
    assertEquals("http", EnvConfigLoader.load(env).oidc().issuer().getScheme());
  }

  @Test
  void onlyTheWebClientsTokensShouldOpenTheApiByDefaultAndNeverTheDevCli() throws IOException {
    Map<String, String> env = complete();
    assertEquals(java.util.Set.of("samverkan-web"), EnvConfigLoader.load(env).oidc().authorizedParties());
    env.put("SAMVERKAN_OIDC_ALLOWED_CLIENTS", "samverkan-web, kommun-app");
    assertEquals(java.util.Set.of("samverkan-web", "kommun-app"), EnvConfigLoader.load(env).oidc().authorizedParties());
    env.put("SAMVERKAN_OIDC_ALLOWED_CLIENTS", "samverkan-web,samverkan-dev-cli");
    ConfigException e = assertThrows(ConfigException.class, () -> EnvConfigLoader.load(env));
    assertTrue(e.problems().stream().anyMatch(p -> p.contains("samverkan-dev-cli")), e.getMessage());
  }

  @Test
  void requestLimitsShouldBeReadAndDefaultFarAboveAPerson() throws IOException {
    Map<String, String> env = complete();
    AppConfig.Limits defaults = EnvConfigLoader.load(env).limits();
    assertEquals(50, defaults.requestsPerSecond());
    assertEquals(1000, defaults.requestBurst());
    env.put("SAMVERKAN_REQUEST_RATE_PER_SECOND", "2.5");
    env.put("SAMVERKAN_REQUEST_BURST", "40");
    AppConfig.Limits limits = EnvConfigLoader.load(env).limits();
    assertEquals(2.5, limits.requestsPerSecond());
    assertEquals(40, limits.requestBurst());
    env.put("SAMVERKAN_REQUEST_RATE_PER_SECOND", "0");
    env.put("SAMVERKAN_REQUEST_BURST", "many");
    ConfigException e = assertThrows(ConfigException.class, () -> EnvConfigLoader.load(env));
    assertEquals(2, e.problems().size(), e.getMessage());
  }

  @Test
  void mailSettingsShouldBeReadAndCheckedWithTheSmtpPasswordFromAFile() throws IOException {
    Map<String, String> env = complete();
    Path password = dir.resolve("smtp-password");
    Files.writeString(password, "smtp-s3cret\n");
    env.put("SAMVERKAN_SMTP_TLS", "tls");
    env.put("SAMVERKAN_SMTP_USER", "samverkan");
    env.put("SAMVERKAN_SMTP_PASSWORD_FILE", password.toString());
    env.put("SAMVERKAN_MAIL_FROM", "noreply@samverkan.example.se");
    env.put("SAMVERKAN_MEETING_REMINDER_HOURS", "48");
    AppConfig config = EnvConfigLoader.load(env);
    assertEquals(465, config.mail().port(), "implicit TLS defaults to port 465");
    assertEquals("TLS", config.mail().tls());
    assertEquals("smtp-s3cret", config.mail().password());
    assertEquals("noreply@samverkan.example.se", config.mail().from());
    assertEquals(Duration.ofHours(48), config.mail().reminderLead());
    assertTrue(!config.toString().contains("smtp-s3cret"), config.toString());

    env.put("SAMVERKAN_SMTP_TLS", "maybe");
    ConfigException e = assertThrows(ConfigException.class, () -> EnvConfigLoader.load(env));
    assertTrue(e.getMessage().contains("SAMVERKAN_SMTP_TLS must be NONE, STARTTLS or TLS"), e.getMessage());
  }

  @Test
  void internalKeycloakUrlShouldBeSeparateFromTheIssuer() throws IOException {
    Map<String, String> env = complete();
    env.put("SAMVERKAN_OIDC_INTERNAL_URL", "http://keycloak:8080/realms/samverkan");
    AppConfig config = EnvConfigLoader.load(env);
    assertEquals("http://keycloak:8080", config.oidc().internalKeycloakUrl());
    assertEquals("https://login.example.se/realms/samverkan", config.oidc().issuer().toString());
  }

  @Test
  void internalUrlWithoutARealmShouldBeRefusedWithAClearMessage() throws IOException {
    Map<String, String> env = complete();
    env.put("SAMVERKAN_OIDC_INTERNAL_URL", "http://keycloak:8080");
    ConfigException e = assertThrows(ConfigException.class, () -> EnvConfigLoader.load(env));
    assertTrue(e.getMessage().contains("SAMVERKAN_OIDC_INTERNAL_URL must be a Keycloak realm URL"), e.getMessage());
  }

  @Test
  void internalUrlOfAnotherRealmThanTheIssuerShouldBeRefused() throws IOException {
    Map<String, String> env = complete();
    env.put("SAMVERKAN_OIDC_INTERNAL_URL", "http://keycloak:8080/realms/master");
    ConfigException e = assertThrows(ConfigException.class, () -> EnvConfigLoader.load(env));
    assertTrue(e.getMessage().contains("SAMVERKAN_OIDC_INTERNAL_URL must name the same realm as SAMVERKAN_OIDC_ISSUER"),
        e.getMessage());
  }

  @Test
  void malformedValuesShouldBeReportedNotDefaulted() throws IOException {
    Map<String, String> env = complete();
    env.put("SAMVERKAN_HTTP_PORT", "eighty");
    env.put("SAMVERKAN_OIDC_ISSUER", "login.example.se");
    env.put("SAMVERKAN_MASTER_KEY_FILE", dir.resolve("missing.key").toString());
    ConfigException e = assertThrows(ConfigException.class, () -> EnvConfigLoader.load(env));
    assertTrue(e.getMessage().contains("SAMVERKAN_HTTP_PORT must be a whole number"), e.getMessage());
    assertTrue(e.getMessage().contains("SAMVERKAN_OIDC_ISSUER must be an absolute http(s) URL"), e.getMessage());
    assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
  }

  @Test
  void theCareModelShouldBeABuiltInOneOrARegionsOwnFile() throws IOException {
    assertEquals("kronobarnsmodellen", EnvConfigLoader.load(complete()).careModel());
    Map<String, String> env = complete();
    env.put("SAMVERKAN_CARE_MODEL", "sormland");
    assertEquals("sormland", EnvConfigLoader.load(env).careModel());

    env.put("SAMVERKAN_CARE_MODEL", "vastmanland");
    ConfigException unknown = assertThrows(ConfigException.class, () -> EnvConfigLoader.load(env));
    assertTrue(unknown.getMessage().contains("SAMVERKAN_CARE_MODEL: \"vastmanland\" is neither a built-in care model"),
        unknown.getMessage());

    Path broken = dir.resolve("region.json");
    Files.writeString(broken, "{\"id\": \"region\"}");
    env.put("SAMVERKAN_CARE_MODEL", broken.toString());
    ConfigException invalid = assertThrows(ConfigException.class, () -> EnvConfigLoader.load(env));
    assertTrue(invalid.getMessage().contains("SAMVERKAN_CARE_MODEL: " + broken), invalid.getMessage());
  }

  @Test
  void secretsShouldNotAppearInToString() throws IOException {
    AppConfig config = EnvConfigLoader.load(complete());
    String text = config.toString();
    assertTrue(!text.contains("s3cret") && !text.contains("client-secret"), text);
  }

  @Test
  void webSocketBoundsShouldBeReadWithSaneDefaultsAndCheckedWhenSet() throws IOException {
    assertEquals(AppConfig.WebSockets.DEFAULT, EnvConfigLoader.load(complete()).limits().webSockets());
    Map<String, String> env = complete();
    env.put("SAMVERKAN_WS_AUTH_TIMEOUT_SECONDS", "5");
    env.put("SAMVERKAN_WS_UNAUTHENTICATED_PER_ADDRESS", "7");
    env.put("SAMVERKAN_WS_UNAUTHENTICATED_TOTAL", "70");
    env.put("SAMVERKAN_WS_SOCKETS_PER_USER", "3");
    env.put("SAMVERKAN_WS_SUBSCRIPTIONS_PER_SOCKET", "4");
    env.put("SAMVERKAN_WS_FRAMES_PER_SECOND", "9");
    env.put("SAMVERKAN_WS_FRAME_BURST", "90");
    assertEquals(new AppConfig.WebSockets(Duration.ofSeconds(5), 7, 70, 3, 4, 9, 90),
        EnvConfigLoader.load(env).limits().webSockets());
    env.put("SAMVERKAN_WS_SOCKETS_PER_USER", "0");
    ConfigException e = assertThrows(ConfigException.class, () -> EnvConfigLoader.load(env));
    assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("SAMVERKAN_WS_SOCKETS_PER_USER")), e.getMessage());
  }
}
