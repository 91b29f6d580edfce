package se.samverkan.direct;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.shared.EventAddresses;

/**
 * On each access revocation ({@link EventAddresses#ACCESS_REVOKED}): every conversation about that
 * child with a person who lost access is closed for live delivery — "direct-closed" goes to every
 * active device of both parties. New sends are refused by the policy anyway. Deployed once per process.
 */
public final class DirectClosing extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(DirectClosing.class);

  private final ConversationRepository conversations;
  private MessageConsumer<JsonObject> consumer;

  public DirectClosing(Pool pool) {
    this.conversations = new ConversationRepository(pool);
  }

  @Override
  public Future<?> start() {
    consumer = vertx.eventBus().consumer(EventAddresses.ACCESS_REVOKED, m -> closeFor(m.body()));
    return consumer.completion();
  }

  void closeFor(JsonObject revoked) {
    UUID childId = UUID.fromString(revoked.getString("childId"));
    JsonArray names = revoked.getJsonArray("usernames", new JsonArray());
    List<String> usernames = new ArrayList<>();
    names.forEach(n -> usernames.add(String.valueOf(n)));
    conversations.closing(childId, usernames)
        .onSuccess(rows -> rows.forEach(r -> vertx.eventBus().publish(EventAddresses.directDevice(r.deviceId()),
            DirectJson.closedFrame(r.conversationId(), childId))))
        .onFailure(err -> LOG.warn("Could not tell devices of closed direct conversations: {}", err.toString()));
  }

  @Override
  public Future<?> stop() {
    return consumer == null ? Future.succeededFuture() : consumer.unregister();
  }
}
