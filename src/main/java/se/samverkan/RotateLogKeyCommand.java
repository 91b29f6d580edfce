package se.samverkan;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.PrintStream;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import se.samverkan.config.AppConfig;
import se.samverkan.config.EnvConfigLoader;
import se.samverkan.crypto.MasterKey;
import se.samverkan.crypto.MasterKeyFile;
import se.samverkan.sharinglog.LogSigner;
import se.samverkan.store.Database;

/**
 * {@code rotate-log-key}: gives the sharing log a new signing key, for the origin of the configured
 * {@code SAMVERKAN_PUBLIC_URL}, announced by a note signed with the current key, so that families'
 * browsers follow the change instead of reporting the log as unverifiable. Run it with every node
 * stopped: a running node keeps signing with the key it loaded at start.
 */
public final class RotateLogKeyCommand {

  private RotateLogKeyCommand() {
  }

  static int run(Map<String, String> env, PrintStream out) throws Exception {
    AppConfig config = EnvConfigLoader.load(env);
    Vertx vertx = Vertx.vertx();
    try {
      LogSigner.Keys keys = rotate(vertx, config).await(5, TimeUnit.MINUTES);
      out.println("The sharing log " + keys.signer().keyName() + " now signs with key generation " + keys.generation()
          + ", fingerprint (SHA-256): " + keys.signer().fingerprint());
      out.println("Publish the new fingerprint where families compare it, then start the servers.");
      return 0;
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }

  /** The log's origin is named after the public URL's host, as the server names it at start. */
  static String originOf(AppConfig config) {
    URI publicUrl = config.http().publicUrl() != null
        ? config.http().publicUrl() : URI.create("http://localhost:" + config.http().port());
    return publicUrl.getHost() + "/sharing-log";
  }

  public static Future<LogSigner.Keys> rotate(Vertx vertx, AppConfig config) {
    return vertx.executeBlocking(() -> new MasterKey(MasterKeyFile.load(config.masterKeyFile())), false)
        .compose(masterKey -> Database.migrate(vertx, config.database()).map(masterKey))
        .compose(masterKey -> rotateOnPool(vertx, config, masterKey));
  }

  private static Future<LogSigner.Keys> rotateOnPool(Vertx vertx, AppConfig config, MasterKey masterKey) {
    Pool pool = Database.createPool(vertx, config.database());
    String origin = originOf(config);
    return LogSigner.rotate(vertx, pool, masterKey, origin, origin)
        .eventually(() -> pool.close());
  }
}
