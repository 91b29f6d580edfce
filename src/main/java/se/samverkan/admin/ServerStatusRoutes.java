package se.samverkan.admin;

import static se.samverkan.identity.BearerAuthHandler.principal;

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
    api.json("getServerStatus", ctx -> policy.serverStatus(principal(ctx))
        .map(v -> AdminJson.serverStatus(ServerStatus.now(openWebSockets.get()))));
  }
}
