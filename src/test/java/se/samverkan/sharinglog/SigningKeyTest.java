package se.samverkan.sharinglog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.Application;
import se.samverkan.RotateLogKeyCommand;
import se.samverkan.config.AppConfig;
import se.samverkan.crypto.MasterKey;
import se.samverkan.crypto.MasterKeyFile;
import se.samverkan.store.Database;
import se.samverkan.testing.Api;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/**
 * The sharing log's key is the families' anchor of trust: the database keeps every key row for good,
 * a log with entries never silently gets a new key, a new key comes only with a note signed by the
 * old one, and the key's fingerprint is printed at start and served so it can be compared out of band.
 * (That the database keeps every key row is {@link SigningKeyRowsTest}, on the database alone.)
 */
@ExtendWith(SamverkanExtension.class)
class SigningKeyTest {

  private static final Base64.Decoder B64 = Base64.getDecoder();

  private static void run(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    } finally {
      c.rollback();
    }
  }

  @Test
  void aServerOnALogWithEntriesButNoKeyShouldRefuseToStart(TestStack stack) throws Exception {
    AppConfig config = onFreshDatabase(stack);
    Vertx vertx = Vertx.vertx();
    try {
      Database.migrate(vertx, config.database()).await(2, TimeUnit.MINUTES);
      try (Connection c = jdbc(stack, config); Statement s = c.createStatement()) {
        // A log that has grown (its entries are not needed to show the rule) and whose key row is gone.
        s.execute("UPDATE sharing_log_head SET size = 3");
      }
      Throwable refused = assertThrows(Throwable.class,
          () -> Application.start(vertx, config).await(2, TimeUnit.MINUTES).close().await(30, TimeUnit.SECONDS));
      while (refused.getCause() != null && !String.valueOf(refused.getMessage()).contains("signing key")) {
        refused = refused.getCause();
      }
      assertTrue(String.valueOf(refused.getMessage()).contains("has 3 entries but no signing key"), String.valueOf(refused));
      try (Connection c = jdbc(stack, config); Statement s = c.createStatement();
           var rows = s.executeQuery("SELECT count(*) FROM signing_key")) {
        rows.next();
        assertEquals(0, rows.getInt(1), "no key was made");
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void startShouldPrintTheFingerprintOfTheKeyItServes(TestStack stack) throws Exception {
    JsonObject served = new Api(stack).get("karin.guardian", "/api/sharing-log/public-key").json();
    String fingerprint = served.getString("fingerprint");
    assertEquals(grouped(MessageDigest.getInstance("SHA-256").digest(B64.decode(served.getString("publicKey")))), fingerprint);

    List<String> lines = new ArrayList<>();
    Handler capture = new Handler() {
      @Override
      public void publish(LogRecord r) {
        synchronized (lines) {
          lines.add(String.valueOf(r.getMessage()));
        }
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
    Logger logger = Logger.getLogger(Application.class.getName());
    logger.addHandler(capture);
    Vertx vertx = Vertx.vertx();
    try {
      // A second server on the same database, as after a restart.
      AppConfig real = stack.config();
      AppConfig second = new AppConfig(new AppConfig.Http("127.0.0.1", 0, stack.app().publicUrl()), real.database(),
          real.oidc(), real.masterKeyFile(), real.careModel(), real.limits(), real.mail());
      Application app = Application.start(vertx, second).await(2, TimeUnit.MINUTES);
      app.close().await(30, TimeUnit.SECONDS);
    } finally {
      logger.removeHandler(capture);
      vertx.close().await(30, TimeUnit.SECONDS);
    }
    synchronized (lines) {
      assertTrue(lines.stream().anyMatch(l -> l.contains("key fingerprint") && l.contains(fingerprint)), lines.toString());
    }
  }

  @Test
  void aRotatedKeyShouldBeServedWithATransitionSignedByTheOldKey(TestStack stack) throws Exception {
    AppConfig config = onFreshDatabase(stack);
    String configured = stack.app().publicUrl().getHost() + "/sharing-log";
    Vertx vertx = Vertx.vertx();
    try {
      Database.migrate(vertx, config.database()).await(2, TimeUnit.MINUTES);
      MasterKey masterKey = new MasterKey(MasterKeyFile.load(config.masterKeyFile()));
      Pool pool = Database.createPool(vertx, config.database());
      LogSigner.Keys first;
      LogSigner.Keys rotated;
      try {
        first = LogSigner.open(vertx, pool, masterKey, configured).await(1, TimeUnit.MINUTES);
        assertEquals(List.of(), first.transitions());
      } finally {
        pool.close().await(30, TimeUnit.SECONDS);
      }
      // Through the operators' command, for the public URL the log moves to.
      rotated = RotateLogKeyCommand.rotate(vertx, movedTo(config, "https://moved.example")).await(1, TimeUnit.MINUTES);
      assertEquals(2, rotated.generation());

      Application app = Application.start(vertx, config).await(2, TimeUnit.MINUTES);
      try {
        String token = stack.token("karin.guardian");
        Http http = new Http("http://localhost:" + app.port());
        JsonObject key = http.get("/api/sharing-log/public-key", token).json();
        assertEquals("moved.example/sharing-log", key.getString("keyName"), "the stored origin, not the configured one");
        assertArrayEquals(rotated.signer().publicKey(), B64.decode(key.getString("publicKey")));
        JsonArray transitions = http.get("/api/sharing-log/key-transitions", token).json().getJsonArray("transitions");
        assertEquals(1, transitions.size());
        String note = transitions.getString(0);
        String text = KeyTransition.HEADER + "\n"
            + "old-origin " + configured + "\n"
            + "old-key " + first.signer().verifierKey() + "\n"
            + "new-origin moved.example/sharing-log\n"
            + "new-key " + rotated.signer().verifierKey() + "\n";
        assertTrue(note.startsWith(text + "\n"), note);
        List<String> signatures = List.of(note.substring(text.length() + 1).split("\n"));
        assertEquals(2, signatures.size(), note);
        assertSigned(text, signatures.get(0), first.signer());
        assertSigned(text, signatures.get(1), rotated.signer());
        assertTrue(http.get("/api/sharing-log/checkpoint", token).json().getString("signedNote")
            .contains("\n\u2014 moved.example/sharing-log "), "checkpoints are signed by the new key");
      } finally {
        app.close().await(30, TimeUnit.SECONDS);
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aKeyFromBeforeOriginsWereStoredShouldKeepItsFirstOriginWhenThePublicUrlChanges(TestStack stack) throws Exception {
    AppConfig config = onFreshDatabase(stack);
    // The schema and key row as a server before V7 left them.
    Flyway.configure().dataSource(config.database().jdbcUrl(), config.database().user(), config.database().password())
        .locations("classpath:db/migration").target("6").load().migrate();
    MasterKey masterKey = new MasterKey(MasterKeyFile.load(config.masterKeyFile()));
    KeyPair pair = SignedNote.generate();
    try (Connection c = jdbc(stack, config);
         PreparedStatement insert = c.prepareStatement(
             "INSERT INTO signing_key (name, public_key, private_key_wrapped) VALUES ('sharing-log', ?, ?)")) {
      insert.setBytes(1, SignedNote.rawPublicKey(pair.getPublic()));
      insert.setBytes(2, masterKey.wrapSecret("sharing-log", pair.getPrivate().getEncoded()));
      insert.execute();
    }
    Vertx vertx = Vertx.vertx();
    try {
      assertEquals("first.example/sharing-log", servedKeyName(stack, vertx, config, "http://first.example"));
      assertEquals("first.example/sharing-log", servedKeyName(stack, vertx, config, "http://second.example"),
          "the origin stays when the public URL changes");
      try (Connection c = jdbc(stack, config)) {
        c.setAutoCommit(false);
        SQLException refused = assertThrows(SQLException.class,
            () -> run(c, "UPDATE signing_key SET origin = 'second.example/sharing-log'"));
        assertTrue(refused.getMessage().contains("append-only"), refused.getMessage());
      }
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static String servedKeyName(TestStack stack, Vertx vertx, AppConfig config, String publicUrl) throws Exception {
    AppConfig at = new AppConfig(new AppConfig.Http("127.0.0.1", 0, URI.create(publicUrl)), config.database(),
        config.oidc(), config.masterKeyFile(), config.careModel(), config.limits(), config.mail());
    Application app = Application.start(vertx, at).await(2, TimeUnit.MINUTES);
    try {
      JsonObject key = new Http("http://localhost:" + app.port()).get("/api/sharing-log/public-key", stack.token("karin.guardian")).json();
      return key.getString("keyName");
    } finally {
      app.close().await(30, TimeUnit.SECONDS);
    }
  }

  private static void assertSigned(String text, String line, SignedNote by) throws Exception {
    String prefix = "\u2014 " + by.keyName() + " ";
    assertTrue(line.startsWith(prefix), line);
    byte[] blob = B64.decode(line.substring(prefix.length()));
    assertArrayEquals(SignedNote.keyHash(by.keyName(), by.publicKey()), Arrays.copyOf(blob, 4));
    Signature verifier = Signature.getInstance("Ed25519");
    verifier.initVerify(SignedNote.publicKeyFromRaw(by.publicKey()));
    verifier.update(text.getBytes(StandardCharsets.UTF_8));
    assertTrue(verifier.verify(Arrays.copyOfRange(blob, 4, blob.length)), "signature by " + by.keyName());
  }

  private static String grouped(byte[] digest) {
    return HexFormat.of().formatHex(digest).replaceAll("(.{4})(?!$)", "$1 ");
  }

  /** The stack's config with an empty database of its own on the same PostgreSQL. */
  private static AppConfig onFreshDatabase(TestStack stack) throws SQLException {
    String name = "signing_key_" + UUID.randomUUID().toString().replace("-", "");
    AppConfig real = stack.config();
    AppConfig.Database db = real.database();
    stack.embedded().postgres().ensureDatabase(name, db.user(), db.password());
    return new AppConfig(new AppConfig.Http("127.0.0.1", 0, stack.app().publicUrl()),
        new AppConfig.Database(db.host(), db.port(), name, db.user(), db.password(), 2),
        real.oidc(), real.masterKeyFile(), real.careModel(), real.limits(), real.mail());
  }

  private static AppConfig movedTo(AppConfig config, String publicUrl) {
    return new AppConfig(new AppConfig.Http(config.http().host(), config.http().port(), URI.create(publicUrl)),
        config.database(), config.oidc(), config.masterKeyFile(), config.careModel(), config.limits(), config.mail());
  }

  private static Connection jdbc(TestStack stack, AppConfig config) throws SQLException {
    return java.sql.DriverManager.getConnection(config.database().jdbcUrl(), config.database().user(),
        config.database().password());
  }
}
