package se.samverkan.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.identity.BearerChallenge;
import se.samverkan.shared.DependencyUnavailableException;
import se.samverkan.shared.Problem;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;

/**
 * The one failure handler: every error leaves the server as {@code application/problem+json} with a
 * stable type. Unexpected exceptions become a 500 whose detail names only an error id; the stack
 * trace goes to the server log under the same id, never to the client.
 */
public final class ErrorHandler implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorHandler.class);
  public static final String PROBLEM_JSON = "application/problem+json";

  public static ErrorHandler create() {
    return new ErrorHandler();
  }

  @Override
  public void handle(RoutingContext ctx) {
    Problem problem = toProblem(ctx);
    send(ctx, problem);
  }

  static Problem toProblem(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof ProblemException pe) {
      return pe.problem();
    }
    if (failure instanceof HttpException he) {
      if (he.getCause() instanceof ValidatorException ve) {
        return validationProblem(ve);
      }
      return Problem.of(ProblemType.forStatus(he.getStatusCode()), safeDetail(he));
    }
    if (failure instanceof ValidatorException ve) {
      return validationProblem(ve);
    }
    if (failure instanceof DependencyUnavailableException due) {
      LOG.warn("Dependency unavailable on {} {}: {}", ctx.request().method(), routeOf(ctx), due.getMessage());
      return Problem.of(ProblemType.SERVICE_UNAVAILABLE, "En tjänst som Samverkan behöver svarar inte. Försök igen om en stund.");
    }
    if (failure == null) {
      int status = ctx.statusCode() > 0 ? ctx.statusCode() : 500;
      return Problem.of(ProblemType.forStatus(status));
    }
    String errorId = java.util.UUID.randomUUID().toString();
    LOG.error("Unhandled failure {} on {} {}", errorId, ctx.request().method(), routeOf(ctx), failure);
    return Problem.of(ProblemType.INTERNAL_ERROR, "Felet har loggats med id " + errorId + ".")
        .with("errorId", errorId);
  }

  private static String safeDetail(HttpException he) {
    // vertx-web's own payloads (e.g. "Bad Request") say nothing useful; ours are ProblemExceptions.
    return null;
  }

  private static Problem validationProblem(ValidatorException ve) {
    Problem problem = Problem.of(ProblemType.INVALID_REQUEST, ve.getMessage());
    if (ve instanceof SchemaValidationException sve && sve.getOutputUnit() != null) {
      JsonArray errors = new JsonArray();
      collect(sve.getOutputUnit(), errors);
      if (!errors.isEmpty()) {
        problem = problem.with("errors", errors);
      }
    }
    return problem;
  }

  private static void collect(OutputUnit unit, JsonArray into) {
    if (unit.getErrors() != null && !unit.getErrors().isEmpty()) {
      unit.getErrors().forEach(e -> collect(e, into));
      return;
    }
    if (unit.getError() != null) {
      into.add(new JsonObject()
          .put("location", unit.getInstanceLocation())
          .put("message", unit.getError()));
    }
  }

  static String routeOf(RoutingContext ctx) {
    return AccessLogHandler.routeName(ctx);
  }

  public static void send(RoutingContext ctx, Problem problem) {
    HttpServerResponse response = ctx.response();
    if (response.headWritten()) {
      // Too late for a problem document; closing tells the client the response is incomplete.
      response.reset();
      return;
    }
    response.setStatusCode(problem.status()).putHeader("Content-Type", PROBLEM_JSON);
    if (problem.status() == 401) {
      String challenge = ctx.get(BearerChallenge.CONTEXT_KEY);
      response.putHeader("WWW-Authenticate", challenge != null ? challenge : BearerChallenge.DEFAULT);
    }
    response.end(problem.toJson().encode());
  }
}
