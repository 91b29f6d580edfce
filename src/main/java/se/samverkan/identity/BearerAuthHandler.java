package se.samverkan.identity;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.shared.Problem;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;

/**
 * Guards {@code /api/**}: a request passes only with a valid bearer access token, and leaves with
 * its {@link Principal} in the routing context. Tokens are read from the Authorization header only,
 * never from a query string, and never logged.
 */
public final class BearerAuthHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(BearerAuthHandler.class);
  private static final String PRINCIPAL = "samverkan.principal";

  private final TokenValidator validator;

  private BearerAuthHandler(TokenValidator validator) {
    this.validator = validator;
  }

  public static BearerAuthHandler create(TokenValidator validator) {
    return new BearerAuthHandler(validator);
  }

  /** The caller of a request that passed this handler. */
  public static Principal principal(RoutingContext ctx) {
    Principal p = ctx.get(PRINCIPAL);
    if (p == null) {
      throw new IllegalStateException("no principal: route is not behind BearerAuthHandler");
    }
    return p;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String authorization = ctx.request().getHeader("Authorization");
    if (authorization == null || authorization.isBlank()) {
      ctx.fail(new ProblemException(Problem.of(ProblemType.UNAUTHORIZED, "En giltig åtkomsttoken krävs.")));
      return;
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      rejectInvalid(ctx, "not a bearer credential");
      return;
    }
    validator.validate(authorization.substring(7).trim())
        .onSuccess(principal -> {
          ctx.put(PRINCIPAL, principal);
          ctx.next();
        })
        .onFailure(err -> rejectInvalid(ctx, err.getMessage()));
  }

  private static void rejectInvalid(RoutingContext ctx, String reason) {
    LOG.debug("Rejected bearer token: {}", reason);
    ctx.put(BearerChallenge.CONTEXT_KEY, BearerChallenge.INVALID_TOKEN);
    ctx.fail(new ProblemException(Problem.of(ProblemType.UNAUTHORIZED, "Åtkomsttoken är ogiltig eller har gått ut.")));
  }
}
