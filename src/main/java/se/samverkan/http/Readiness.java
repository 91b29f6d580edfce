package se.samverkan.http;

import io.vertx.core.Future;
import io.vertx.ext.web.client.WebClient;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import se.samverkan.store.Database;

/**
 * The checks behind {@code /ready}, run at most once per {@link #FRESH_FOR} for the whole process:
 * {@code /ready} needs no token, so without this every anonymous call would cost a database query
 * and a request to Keycloak. Calls while a check runs share it; the answer may be that old.
 */
public final class Readiness {

  public static final Duration FRESH_FOR = Duration.ofSeconds(5);

  /** Whether the database answered and the issuer served its key set. */
  public record Checks(boolean database, boolean issuer) {
    public boolean up() {
      return database && issuer;
    }
  }

  private final Pool pool;
  private final WebClient client;
  private final String jwksUrl;
  private final LongSupplier nanoClock;
  private final AtomicLong checksRun = new AtomicLong();
  private Future<Checks> latest;
  private long latestStartedNanos;

  public Readiness(Pool pool, WebClient client, String jwksUrl) {
    this(pool, client, jwksUrl, System::nanoTime);
  }

  Readiness(Pool pool, WebClient client, String jwksUrl, LongSupplier nanoClock) {
    this.pool = pool;
    this.client = client;
    this.jwksUrl = jwksUrl;
    this.nanoClock = nanoClock;
  }

  /** The latest checks while fresh (or still running), else a new run. */
  public synchronized Future<Checks> checks() {
    long now = nanoClock.getAsLong();
    boolean fresh = latest != null && (!latest.isComplete() || now - latestStartedNanos < FRESH_FOR.toNanos());
    if (!fresh) {
      latestStartedNanos = now;
      latest = run();
    }
    return latest;
  }

  /** How many times the dependencies were actually asked. */
  public long checksRun() {
    return checksRun.get();
  }

  private Future<Checks> run() {
    checksRun.incrementAndGet();
    Future<Boolean> database = Database.ping(pool).map(true).otherwise(false);
    Future<Boolean> issuer = client.getAbs(jwksUrl).timeout(3_000).send()
        .map(r -> r.statusCode() == 200)
        .otherwise(false);
    return Future.join(database, issuer).transform(ar -> Future.succeededFuture(
        new Checks(database.result(), issuer.result())));
  }
}
