package se.samverkan;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import se.samverkan.config.AppConfig;
import se.samverkan.config.EnvConfigLoader;

/** Production mode: only what is configured, nothing embedded. */
final class ServeCommand {

  private ServeCommand() {
  }

  static int run(Map<String, String> env, PrintStream out) throws Exception {
    AppConfig config = EnvConfigLoader.load(env);
    Vertx vertx = Vertx.vertx(new VertxOptions());
    Application app;
    try {
      app = Application.start(vertx, config).await(5, TimeUnit.MINUTES);
    } catch (Exception e) {
      vertx.close().await(30, TimeUnit.SECONDS);
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        app.close().await(30, TimeUnit.SECONDS);
        vertx.close().await(30, TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("Unclean shutdown: " + e.getMessage());
      } finally {
        stopped.countDown();
      }
    }, "samverkan-shutdown"));
    out.println("Samverkan is ready at " + app.publicUrl());
    stopped.await();
    return 0;
  }
}
