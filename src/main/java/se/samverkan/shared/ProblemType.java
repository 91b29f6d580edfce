package se.samverkan.shared;

/**
 * The problem types of the API. The URIs are part of the contract: clients switch on them, so a
 * type is never renamed. Titles are Swedish because they reach the people using the web client.
 */
public enum ProblemType {
  INVALID_REQUEST(400, "invalid-request", "Ogiltig begäran"),
  UNAUTHORIZED(401, "unauthorized", "Inloggning krävs"),
  FORBIDDEN(403, "forbidden", "Åtkomst nekad"),
  NOT_FOUND(404, "not-found", "Hittades inte"),
  METHOD_NOT_ALLOWED(405, "method-not-allowed", "Metoden stöds inte"),
  NOT_ACCEPTABLE(406, "not-acceptable", "Svarsformatet stöds inte"),
  CONSENT_REQUIRED(403, "consent-required", "Samtycke saknas"),
  CONFLICT(409, "conflict", "Konflikt"),
  /** A direct message lacks a copy for a device of either party, or names one that is not theirs now; "devices" lists them. */
  DEVICE_LIST_CHANGED(409, "device-list-changed", "Mottagarnas enheter har ändrats"),
  /** A direct conversation whose other party no longer has access to the child: no new messages. */
  CONVERSATION_CLOSED(403, "conversation-closed", "Konversationen är stängd"),
  LINK_EXPIRED(410, "link-expired", "Länken har gått ut"),
  UNKNOWN_USER(422, "unknown-user", "Personen finns inte i katalogen"),
  UNKNOWN_ORGANISATION(422, "unknown-organisation", "Organisationen finns inte"),
  WRONG_ROLE(422, "wrong-role", "Personen har inte den roll som krävs"),
  /** A direct-message request names a device that is not an active device of the caller. */
  UNKNOWN_DEVICE(422, "unknown-device", "Enheten är inte en av dina aktiva enheter"),
  GUARDIAN_MISMATCH(422, "guardian-mismatch", "Kontot hör inte till vårdnadshavaren"),
  PAYLOAD_TOO_LARGE(413, "payload-too-large", "Begäran är för stor"),
  URI_TOO_LONG(414, "uri-too-long", "Adressen är för lång"),
  REQUEST_HEADER_FIELDS_TOO_LARGE(431, "request-header-fields-too-large", "Begärans huvudfält är för stora"),
  UNSUPPORTED_MEDIA_TYPE(415, "unsupported-media-type", "Innehållstypen stöds inte"),
  TOO_MANY_REQUESTS(429, "too-many-requests", "För många förfrågningar"),
  INTERNAL_ERROR(500, "internal-error", "Ett internt fel inträffade"),
  SERVICE_UNAVAILABLE(503, "service-unavailable", "Tjänsten är inte tillgänglig just nu");

  public static final String BASE_URI = "https://samverkan.se/problems/";

  private final int status;
  private final String slug;
  private final String title;

  ProblemType(int status, String slug, String title) {
    this.status = status;
    this.slug = slug;
    this.title = title;
  }

  public int status() {
    return status;
  }

  public String slug() {
    return slug;
  }

  public String uri() {
    return BASE_URI + slug;
  }

  public String title() {
    return title;
  }

  /** The generic type for a bare status code (e.g. a {@code ctx.fail(404)} from vertx-web itself). */
  public static ProblemType forStatus(int status) {
    switch (status) {
      case 403:
        return FORBIDDEN;
      case 422:
        return INVALID_REQUEST;
      default:
        break;
    }
    for (ProblemType t : values()) {
      if (t.status == status) {
        return t;
      }
    }
    return status >= 500 ? INTERNAL_ERROR : INVALID_REQUEST;
  }
}
