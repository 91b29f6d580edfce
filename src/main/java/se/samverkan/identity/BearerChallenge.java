package se.samverkan.identity;

/** The WWW-Authenticate value sent with a 401 (RFC 6750 §3). */
public final class BearerChallenge {

  public static final String CONTEXT_KEY = "samverkan.bearerChallenge";
  public static final String DEFAULT = "Bearer realm=\"samverkan\"";
  public static final String INVALID_TOKEN = "Bearer realm=\"samverkan\", error=\"invalid_token\"";

  private BearerChallenge() {
  }
}
