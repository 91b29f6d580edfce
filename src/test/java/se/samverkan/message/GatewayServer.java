package se.samverkan.message;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.sqlclient.Pool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import se.samverkan.SharedServices;
import se.samverkan.config.AppConfig;
import se.samverkan.identity.TokenValidator;
import se.samverkan.policy.AccessLog;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.testing.TestStack;

/**
 * A second WebSocket endpoint on the test stack — same database, keys, event bus and Keycloak —
 * whose gateway runs with shortened timers and limits, so that tests can watch a timeout or a bound
 * without waiting minutes. It serves only {@code /api/ws}.
 */
final class GatewayServer implements AutoCloseable {

  private final TestStack stack;
  private final String deployment;
  private final int port;

  private GatewayServer(TestStack stack, String deployment, int port) {
    this.stack = stack;
    this.deployment = deployment;
    this.port = port;
  }

  /**
   * @param idleTimeoutSeconds the HTTP server's idle timeout (production: 120)
   * @param sendBufferBytes    the server sockets' send buffer (0: the system's); small makes a slow reader show quickly
   */
  static GatewayServer start(TestStack stack, TeamChannelGateway.Settings settings, int idleTimeoutSeconds,
      int sendBufferBytes) throws Exception {
    return start(stack, settings, AppConfig.WebSockets.DEFAULT, idleTimeoutSeconds, sendBufferBytes);
  }

  /** With its own socket bounds (and so its own counts and frame buckets, apart from the stack's). */
  static GatewayServer start(TestStack stack, AppConfig.WebSockets bounds) throws Exception {
    return start(stack, settings(), bounds, 120, 0);
  }

  /** With its own socket bounds and a stand-in for the direct feature's device port. */
  static GatewayServer start(TestStack stack, AppConfig.WebSockets bounds, DirectDevices devices) throws Exception {
    return start(stack, settings(), bounds, devices, 120, 0);
  }

  static GatewayServer start(TestStack stack, TeamChannelGateway.Settings settings, AppConfig.WebSockets bounds,
      int idleTimeoutSeconds, int sendBufferBytes) throws Exception {
    return start(stack, settings, bounds, NO_DEVICES, idleTimeoutSeconds, sendBufferBytes);
  }

  /** A device port that knows no device (the tests of team channels need none). */
  static final DirectDevices NO_DEVICES = (who, deviceId) -> Future.succeededFuture(false);

  static GatewayServer start(TestStack stack, TeamChannelGateway.Settings settings, AppConfig.WebSockets bounds,
      DirectDevices devices, int idleTimeoutSeconds, int sendBufferBytes) throws Exception {
    SharedServices shared = stack.app().shared();
    int[] port = new int[1];
    String id = stack.vertx().deployVerticle(new VerticleBase() {
      private HttpServer server;
      private TeamChannelGateway gateway;

      @Override
      public Future<?> start() {
        Pool pool = shared.pool();
        TokenValidator tokens = TokenValidator.create(vertx, shared.config().oidc());
        MessageService messages = new MessageService(pool, shared.keyVault(), new MessageRepository(pool), vertx.eventBus(),
            shared.messageLimiter(), context);
        gateway = new TeamChannelGateway(vertx, tokens, new AccessPolicy(pool, new AccessLog(pool)), messages,
            new AtomicInteger(), new SocketQuota(bounds), devices, settings);
        gateway.start();
        HttpServerOptions options = TeamChannelGateway.webSocketOptions(new HttpServerOptions())
            .setHost("127.0.0.1").setPort(0)
            .setIdleTimeout(idleTimeoutSeconds);
        if (sendBufferBytes > 0) {
          options.setSendBufferSize(sendBufferBytes);
        }
        return tokens.loadKeys().compose(v -> vertx.createHttpServer(options)
                .webSocketHandler(gateway::connect)
                .listen())
            .onSuccess(s -> {
              server = s;
              port[0] = s.actualPort();
            });
      }

      @Override
      public Future<?> stop() {
        return gateway.stop().transform(v -> server.close());
      }
    }).await(30, TimeUnit.SECONDS);
    return new GatewayServer(stack, id, port[0]);
  }

  static TeamChannelGateway.Settings settings() {
    return TeamChannelGateway.Settings.DEFAULT;
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  int port() {
    return port;
  }

  @Override
  public void close() throws Exception {
    stack.vertx().undeploy(deployment).await(30, TimeUnit.SECONDS);
  }
}
