package se.samverkan.message;

import static se.samverkan.identity.BearerAuthHandler.principal;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import se.samverkan.http.OpenApiBinder;
import se.samverkan.http.Requests;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.AccessPolicy.Action;

/** HTTP for the team channel: send (idempotent by clientId), history, edit, redact, read markers. */
public final class MessageRoutes {

  private final AccessPolicy policy;
  private final MessageService messages;

  public MessageRoutes(AccessPolicy policy, MessageService messages) {
    this.policy = policy;
    this.messages = messages;
  }

  public void bind(OpenApiBinder api) {
    api.handler("sendTeamMessage", ctx -> {
      JsonObject body = Requests.body(ctx);
      policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.MESSAGES_SEND)
          .compose(access -> messages.keys().keyFor(access.childId())
              .compose(key -> messages.send(access, body.getString("clientId"), body.getString("text"))
                  .map(sent -> {
                    // 201 for a new message; 200 with the original when the clientId was sent before.
                    ctx.response().setStatusCode(sent.created() ? 201 : 200).putHeader("Content-Type", "application/json");
                    return sent.message().toJson(key);
                  })))
          .onSuccess(json -> ctx.response().end(json.toBuffer()))
          .onFailure(ctx::fail);
    })
        .json("listTeamMessages", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.MESSAGES_READ)
            .compose(access -> messages.history(access, longParam(ctx, "afterSeq"), longParam(ctx, "beforeSeq"),
                longParam(ctx, "limit") == null ? null : longParam(ctx, "limit").intValue())))
        .json("editTeamMessage", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.MESSAGES_SEND)
            .compose(access -> messages.edit(access, Requests.uuid(ctx, "messageId"), Requests.body(ctx).getString("text"))))
        .noContent("redactTeamMessage", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.MESSAGES_SEND)
            .compose(access -> messages.redact(access, Requests.uuid(ctx, "messageId"))))
        .json("getReadMarkers", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.MESSAGES_READ)
            .compose(messages::readMarkers))
        .noContent("markRead", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.MESSAGES_READ)
            .compose(access -> messages.markRead(access, Requests.body(ctx).getLong("seq"))));
  }

  private static Long longParam(RoutingContext ctx, String name) {
    String raw = ctx.queryParams().get(name);
    return raw == null ? null : Long.parseLong(raw);
  }
}
