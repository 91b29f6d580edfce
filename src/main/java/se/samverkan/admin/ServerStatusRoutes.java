package se.samverkan.admin;

import static se.samverkan.identity.BearerAuthHandler.principal;

import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.concurrent.atomic.AtomicInteger;
import se.samverkan.http.OpenApiBinder;
import se.samverkan.policy.AccessPolicy;

/**
 * The figures an operator (and the load benchmark) watches: heap and live WebSocket connections of
 * the node that answers. They say how busy the service is, so only the security team sees them.
 */
public final class ServerStatusRoutes {

  private final AccessPolicy policy;
  private final AtomicInteger openWebSockets;

  public ServerStatusRoutes(AccessPolicy policy, AtomicInteger openWebSockets) {
    this.policy = policy;
    this.openWebSockets = openWebSockets;
  }

  public void bind(OpenApiBinder api) {
    api.json("getServerStatus", ctx -> policy.serverStatus(principal(ctx)).map(v -> figures()));
  }

  private JsonObject figures() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long afterLastGc = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        afterLastGc += pool.getCollectionUsage().getUsed();
      }
    }
    return new JsonObject()
        .put("heapUsedBytes", memory.getHeapMemoryUsage().getUsed())
        .put("heapUsedAfterLastGcBytes", afterLastGc)
        .put("heapMaxBytes", memory.getHeapMemoryUsage().getMax())
        .put("webSocketConnections", openWebSockets.get());
  }
}
