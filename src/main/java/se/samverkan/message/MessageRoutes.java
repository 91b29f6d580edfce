package se.samverkan.message;

import static se.samverkan.identity.BearerAuthHandler.principal;

import io.vertx.ext.web.RoutingContext;
import se.samverkan.http.OpenApiBinder;
import se.samverkan.http.Requests;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.AccessPolicy.Action;

/**
 * HTTP for the team channel: send (idempotent by clientId), history, edit, redact, read markers. Bodies
 * are parsed into {@link MessageRequest}s; answers are rendered by {@link MessageJson}.
 */
public final class MessageRoutes {

  private final AccessPolicy policy;
  private final MessageService messages;

  public MessageRoutes(AccessPolicy policy, MessageService messages) {
    this.policy = policy;
    this.messages = messages;
  }

  public void bind(OpenApiBinder api) {
    api.handler("sendTeamMessage", this::send)
        .json("listTeamMessages", ctx -> {
          MessageRequest.Page page = MessageRequest.Page.from(ctx.queryParams());
          return policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.MESSAGES_READ)
              .compose(access -> messages.history(access, page.afterSeq(), page.beforeSeq(), page.limit()))
              .map(MessageJson::history);
        })
        .json("editTeamMessage", ctx -> {
          MessageRequest.Edit edit = MessageRequest.Edit.from(Requests.body(ctx));
          return policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.MESSAGES_SEND)
              .compose(access -> messages.edit(access, Requests.uuid(ctx, "messageId"), edit.text()))
              .map(MessageJson::message);
        })
        .noContent("redactTeamMessage", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.MESSAGES_SEND)
            .compose(access -> messages.redact(access, Requests.uuid(ctx, "messageId"))))
        .json("getReadMarkers", ctx -> policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.MESSAGES_READ)
            .compose(messages::readMarkers)
            .map(MessageJson::readMarkers))
        .noContent("markRead", ctx -> {
          MessageRequest.Read read = MessageRequest.Read.from(Requests.body(ctx));
          return policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.MESSAGES_READ)
              .compose(access -> messages.markRead(access, read.seq()));
        });
  }

  private void send(RoutingContext ctx) {
    MessageRequest.Send send = MessageRequest.Send.from(Requests.body(ctx));
    policy.professional(principal(ctx), Requests.uuid(ctx, "id"), Action.MESSAGES_SEND)
        .compose(access -> messages.post(access, send.clientId(), send.text()))
        .onSuccess(posted -> ctx.response()
            // 201 for a new message; 200 with the original when the clientId was sent before.
            .setStatusCode(posted.created() ? 201 : 200)
            .putHeader("Content-Type", "application/json")
            .end(MessageJson.message(posted.message()).toBuffer()))
        .onFailure(ctx::fail);
  }
}
