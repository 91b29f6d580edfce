package se.samverkan.meeting;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import se.samverkan.http.OpenApiBinder;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;

/**
 * The personal answer link of a participant without an account: {@code GET /rsvp/{token}} is a
 * small server-rendered page (no login, no web client), {@code POST} records the answer. The token
 * is the only credential, so the page is never cached or indexed and sends no referrer.
 */
public final class RsvpRoutes {

  private final MeetingService meetings;
  private final RsvpTokens tokens;

  public RsvpRoutes(MeetingService meetings, RsvpTokens tokens) {
    this.meetings = meetings;
    this.tokens = tokens;
  }

  public void bind(OpenApiBinder api) {
    api.handler("getRsvpPage", this::page)
        .json("answerByLink", ctx -> claims(ctx.pathParam("token"))
            .compose(claims -> answerByLink(ctx, claims))
            .map(MeetingJson::linkAnswer)
            .onComplete(x -> privateResponse(ctx)));
  }

  private Future<MeetingView.LinkAnswer> answerByLink(RoutingContext ctx, RsvpTokens.Claims claims) {
    return MeetingRoutes.answer(ctx).compose(answer -> meetings.rsvpByLink(claims, answer));
  }

  private Future<RsvpTokens.Claims> claims(String token) {
    try {
      return Future.succeededFuture(tokens.verify(token));
    } catch (RsvpTokens.RefusedException e) {
      return Future.failedFuture(e.refusal() == RsvpTokens.Refusal.EXPIRED
          ? new ProblemException(ProblemType.LINK_EXPIRED, "Länken har gått ut. Kontakta den som bjöd in dig.")
          : ProblemException.notFound());
    }
  }

  private void page(RoutingContext ctx) {
    claims(ctx.pathParam("token"))
        .compose(claims -> meetings.rsvpByLink(claims, null))
        .onSuccess(view -> send(ctx, 200, RsvpPage.render(MeetingJson.linkAnswer(view))))
        .onFailure(err -> {
          if (err instanceof ProblemException pe && pe.problem().status() == 410) {
            send(ctx, 410, RsvpPage.message("Länken har gått ut",
                "Svarslänken gäller inte längre. Kontakta den som bjöd in dig om du behöver svara eller ändra ditt svar."));
          } else if (err instanceof ProblemException pe && pe.problem().status() == 404) {
            send(ctx, 404, RsvpPage.message("Länken gäller inte",
                "Svarslänken är inte giltig – den kan vara felskriven, eller så är du inte längre inbjuden till mötet."));
          } else {
            ctx.fail(err);
          }
        });
  }

  private static void send(RoutingContext ctx, int status, String html) {
    privateResponse(ctx);
    ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(html);
  }

  private static void privateResponse(RoutingContext ctx) {
    if (!ctx.response().headWritten()) {
      ctx.response().putHeader("Cache-Control", "no-store")
          .putHeader("Referrer-Policy", "no-referrer")
          .putHeader("X-Robots-Tag", "noindex, nofollow");
    }
  }
}
