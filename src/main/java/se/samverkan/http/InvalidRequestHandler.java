package se.samverkan.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samverkan.shared.Problem;
import se.samverkan.shared.ProblemType;

/**
 * Answers requests Netty could not parse (request line or headers over the server's limits, or
 * malformed) with the same problem+json and security headers as everything else, instead of
 * Vert.x's bare status line. Such a request never reaches the router, so nothing of it — path,
 * headers — is trusted or logged; the connection is closed after the answer, as the parser's state
 * is lost.
 */
public final class InvalidRequestHandler implements Handler<HttpServerRequest> {

  private static final Logger LOG = LoggerFactory.getLogger("se.samverkan.access");

  private final SecurityHeadersHandler securityHeaders;

  public InvalidRequestHandler(SecurityHeadersHandler securityHeaders) {
    this.securityHeaders = securityHeaders;
  }

  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    ProblemType type = cause instanceof TooLongHttpLineException ? ProblemType.URI_TOO_LONG
        : cause instanceof TooLongHttpHeaderException ? ProblemType.REQUEST_HEADER_FIELDS_TOO_LARGE
        : ProblemType.INVALID_REQUEST;
    LOG.info("- {} (unparsable request) {}", request.method(), type.status());
    HttpServerResponse response = request.response();
    securityHeaders.apply(response.headers(), true);
    response.setStatusCode(type.status())
        .putHeader("Content-Type", ErrorHandler.PROBLEM_JSON)
        .putHeader("Connection", "close")
        .end(Problem.of(type).toJson().toBuffer())
        .onComplete(done -> request.connection().close());
  }
}
