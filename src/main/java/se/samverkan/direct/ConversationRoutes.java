package se.samverkan.direct;

import static se.samverkan.identity.BearerAuthHandler.principal;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import se.samverkan.http.OpenApiBinder;
import se.samverkan.http.Requests;

/**
 * HTTP for direct conversations: open one about a child, list mine, send (201 new, 200 the original
 * for a clientId sent before), a device's page of the history, read markers.
 */
public final class ConversationRoutes {

  private final ConversationService conversations;

  public ConversationRoutes(ConversationService conversations) {
    this.conversations = conversations;
  }

  public void bind(OpenApiBinder api) {
    api.handler("startConversation", this::start)
        .json("listConversations", ctx -> Future.all(conversations.mine(principal(ctx)), conversations.organisations())
            .map(both -> DirectJson.conversations(both.resultAt(0), both.resultAt(1))))
        .handler("sendDirectMessage", this::send)
        .json("listDirectMessages", ctx -> conversations.page(principal(ctx), Requests.uuid(ctx, "conversationId"),
                DirectRequest.Page.from(ctx.queryParams()))
            .map(page -> DirectJson.page(page.messages(), page.hasMore())))
        .noContent("markConversationRead", ctx -> conversations.markRead(principal(ctx), Requests.uuid(ctx, "conversationId"),
            DirectRequest.Read.from(Requests.body(ctx)).seq()));
  }

  private void start(RoutingContext ctx) {
    DirectRequest.Start start = DirectRequest.Start.from(Requests.body(ctx));
    conversations.start(principal(ctx), Requests.uuid(ctx, "id"), start.with())
        .compose(started -> conversations.organisations()
            .map(orgs -> reply(ctx, started.created() ? 201 : 200, DirectJson.conversation(started.view(), orgs))))
        .onFailure(ctx::fail);
  }

  private void send(RoutingContext ctx) {
    DirectRequest.Send send = DirectRequest.Send.from(Requests.body(ctx));
    conversations.send(principal(ctx), Requests.uuid(ctx, "conversationId"), send)
        // 201 for a new message, after it committed; 200 with the original when the clientId was sent before.
        .onSuccess(sent -> reply(ctx, sent.created() ? 201 : 200, DirectJson.sent(sent.message())))
        .onFailure(ctx::fail);
  }

  private static Void reply(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toBuffer());
    return null;
  }
}
