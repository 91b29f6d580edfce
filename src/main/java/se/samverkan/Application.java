package se.samverkan;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.SecretKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.caremodel.CareModel;
import se.samverkan.config.AppConfig;
import se.samverkan.crypto.KeyVault;
import se.samverkan.crypto.MasterKey;
import se.samverkan.crypto.MasterKeyFile;
import se.samverkan.http.RateLimiter;
import se.samverkan.http.Readiness;
import se.samverkan.direct.DirectClosing;
import se.samverkan.meeting.MailOutboxJob;
import se.samverkan.message.MessageLogJob;
import se.samverkan.message.SocketQuota;
import se.samverkan.policy.AccessLog;
import se.samverkan.sharinglog.LogSigner;
import se.samverkan.sharinglog.SharingLog;
import se.samverkan.store.Database;

/**
 * The composition root: loads the master key, migrates the schema, opens the pool, then deploys one
 * {@link HttpVerticle} per event loop. The same code runs in {@code dev}, {@code serve} and tests;
 * only the {@link AppConfig} differs.
 */
public final class Application {

  private static final Logger LOG = LoggerFactory.getLogger(Application.class);

  private final Vertx vertx;
  private final SharedServices shared;
  private final String httpDeployment;
  private final List<String> jobDeployments;
  private final int port;

  private Application(Vertx vertx, SharedServices shared, String httpDeployment, List<String> jobDeployments, int port) {
    this.vertx = vertx;
    this.shared = shared;
    this.httpDeployment = httpDeployment;
    this.jobDeployments = jobDeployments;
    this.port = port;
  }

  /** Read once at start: the files off the event loop, then the contract. */
  private record Loaded(SecretKey masterKey, CareModel careModel, OpenAPIContract contract) {
    Loaded with(OpenAPIContract contract) {
      return new Loaded(masterKey, careModel, contract);
    }
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
    return vertx.executeBlocking(() -> new Loaded(MasterKeyFile.load(config.masterKeyFile()), CareModel.load(config.careModel()), null),
            false)
        .compose(loaded -> migrate(vertx, config).map(loaded))
        .compose(loaded -> OpenAPIContract.from(vertx, "openapi.yaml").map(loaded::with))
        .compose(loaded -> open(vertx, config, publicUrl, loaded))
        .compose(shared -> deploy(vertx, shared, port));
  }
  private static Future<Void> migrate(Vertx vertx, AppConfig config) {
    return Database.migrate(vertx, config.database())
        .onSuccess(result -> LOG.info("Database schema migrated: {} migration(s) applied now, at version {}",
            result.migrationsExecuted, result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion))
        .mapEmpty();
  }

  /** Opens the pool and the sharing log's keys; the pool is closed again when that fails. */
  private static Future<SharedServices> open(Vertx vertx, AppConfig config, URI publicUrl, Loaded loaded) {
    Pool pool = Database.createPool(vertx, config.database());
    MasterKey masterKey = new MasterKey(loaded.masterKey());
    return LogSigner.open(vertx, pool, masterKey, publicUrl.getHost() + "/sharing-log")
        .map(keys -> new SharingLog(pool, keys))
        .onSuccess(Application::logSigningKey)
        .map(sharingLog -> new SharedServices(config, pool, loaded.contract(), masterKey, new KeyVault(vertx, pool, masterKey),
            sharingLog, loaded.careModel(), publicUrl,
            new RateLimiter(config.limits().messagesPerSecond(), config.limits().messageBurst()),
            new AtomicInteger(), new AccessLog(pool, vertx),
            new RateLimiter(config.limits().requestsPerSecond(), config.limits().requestBurst()),
            new Readiness(pool, WebClient.create(vertx),
                config.oidc().internalRealmBase() + "/protocol/openid-connect/certs"),
            new SocketQuota(config.limits().webSockets())))
        .recover(err -> pool.close().transform(v -> Future.failedFuture(err)));
  }

  /** One HTTP verticle per core, then the jobs, each given its own dependencies. */
  private static Future<Application> deploy(Vertx vertx, SharedServices shared, int port) {
    int instances = Math.max(1, Runtime.getRuntime().availableProcessors());
    return vertx.deployVerticle(() -> new HttpVerticle(shared, port), new DeploymentOptions().setInstances(instances))
        .compose(httpId -> deployJobs(vertx, shared).map(jobIds -> new Application(vertx, shared, httpId, jobIds, port)))
        .recover(err -> shared.pool().close().transform(v -> Future.failedFuture(err)));
  }

  private static Future<List<String>> deployJobs(Vertx vertx, SharedServices shared) {
    AppConfig config = shared.config();
    return vertx.deployVerticle(new MessageLogJob(shared.pool(), shared.keyVault(), shared.sharingLog(), config.oidc()))
        .compose(jobId -> vertx.deployVerticle(new MailOutboxJob(shared.pool(), shared.keyVault(),
                config.oidc(), config.mail(), shared.masterKey(), shared.publicUrl()))
            .compose(mailId -> vertx.deployVerticle(new DirectClosing(shared.pool()))
                .map(closingId -> List.of(jobId, mailId, closingId))));
  }

  /** Printed so that operators can publish the fingerprint and families compare it with their browser's. */
  private static void logSigningKey(SharingLog log) {
    LOG.info("Sharing log {} signs with key fingerprint (SHA-256): {}", log.origin(), log.fingerprint());
  }

  public int port() {
    return port;
  }

  public URI publicUrl() {
    return shared.publicUrl();
  }

  public SharedServices shared() {
    return shared;
  }

  public Future<Void> close() {
    return vertx.undeploy(httpDeployment)
        .transform(v -> Future.all(jobDeployments.stream().map(vertx::undeploy).toList()))
        .transform(v -> shared.accessLog().close())
        .transform(v -> shared.pool().close());
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
