package se.samverkan;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.config.AppConfig;
import se.samverkan.crypto.MasterKeyFile;
import se.samverkan.store.Database;

/**
 * The composition root: loads the master key, migrates the schema, opens the pool, then deploys one
 * {@link HttpVerticle} per event loop. The same code runs in {@code dev}, {@code serve} and tests;
 * only the {@link AppConfig} differs.
 */
public final class Application {

  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

  /** What all HTTP verticles share. Everything else (auth provider, directory client) is per verticle. */
  public record Shared(AppConfig config, Pool pool, OpenAPIContract contract, SecretKey masterKey, URI publicUrl) {
  }

  private final Vertx vertx;
  private final Shared shared;
  private final String deploymentId;
  private final int port;

  private Application(Vertx vertx, Shared shared, String deploymentId, int port) {
    this.vertx = vertx;
    this.shared = shared;
    this.deploymentId = deploymentId;
    this.port = port;
  }

  public static Future<Application> start(Vertx vertx, AppConfig config) {
    int port;
    try {
      port = config.http().port() != 0 ? config.http().port() : freePort();
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    URI publicUrl = config.http().publicUrl() != null
        ? config.http().publicUrl() : URI.create("http://localhost:" + port);
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());

    return vertx.executeBlocking(() -> MasterKeyFile.load(config.masterKeyFile()), false)
        .compose(key -> Database.migrate(vertx, config.database())
            .onSuccess(result -> LOG.info("Database schema migrated: {} migration(s) applied now, at version {}",
                result.migrationsExecuted, result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion))
            .map(key))
        .compose(key -> OpenAPIContract.from(vertx, "openapi.yaml")
            .map(contract -> new Shared(config, Database.createPool(vertx, config.database()), contract, key, publicUrl)))
        .compose(shared -> vertx.deployVerticle(() -> new HttpVerticle(shared, port),
                new DeploymentOptions().setInstances(instances))
            .recover(err -> shared.pool().close().transform(v -> Future.failedFuture(err)))
            .map(id -> new Application(vertx, shared, id, port)));
  }

  public int port() {
    return port;
  }

  public URI publicUrl() {
    return shared.publicUrl();
  }

  public Shared shared() {
    return shared;
  }

  public Future<Void> close() {
    return vertx.undeploy(deploymentId)
        .transform(v -> shared.pool().close());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
