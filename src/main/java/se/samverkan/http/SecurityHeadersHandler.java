package se.samverkan.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers that every response carries. The CSP allows scripts and styles only from this origin and
 * talks to exactly one other origin, Keycloak, for login; nothing may frame Samverkan.
 */
public final class SecurityHeadersHandler implements Handler<RoutingContext> {

  private final String contentSecurityPolicy;
  private final boolean https;

  private SecurityHeadersHandler(String keycloakOrigin, boolean https) {
    this.https = https;
    this.contentSecurityPolicy = String.join("; ",
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self' " + keycloakOrigin,
        "frame-src " + keycloakOrigin,
        "form-action 'self' " + keycloakOrigin,
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "object-src 'none'");
  }

  /**
   * @param keycloakOrigin scheme://host:port of Keycloak as browsers see it
   * @param https          whether the public URL is https (then HSTS is sent)
   */
  public static SecurityHeadersHandler create(String keycloakOrigin, boolean https) {
    return new SecurityHeadersHandler(keycloakOrigin, https);
  }

  public String contentSecurityPolicy() {
    return contentSecurityPolicy;
  }

  @Override
  public void handle(RoutingContext ctx) {
    // Answers about children must not linger in shared or browser caches.
    apply(ctx.response().headers(), ctx.request().path().startsWith("/api/"));
    ctx.next();
  }

  /** Sets the headers on a response made outside the router (e.g. to a request Netty could not parse). */
  public void apply(MultiMap headers, boolean noStore) {
    headers.set("Content-Security-Policy", contentSecurityPolicy);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set("X-Frame-Options", "DENY");
    headers.set("Cross-Origin-Opener-Policy", "same-origin");
    headers.set("Cross-Origin-Resource-Policy", "same-origin");
    headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    if (https) {
      headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
    if (noStore) {
      headers.set("Cache-Control", "no-store");
    }
  }
}
