package se.samverkan.shared;

/**
 * A service we depend on (Keycloak, the SMTP server) did not answer as it should. The client gets a
 * 503 and may retry; the server log gets the reason.
 */
public class DependencyUnavailableException extends RuntimeException {

  public DependencyUnavailableException(String message) {
    super(message);
  }

  public DependencyUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
