package se.samverkan.shared;

/**
 * Thrown (or passed to {@code ctx.fail}) by services and handlers; {@code http.ErrorHandler} turns it into
 * the problem+json response. (vertx-web's own {@code HttpException} is final; that one is mapped
 * by status code.)
 */
public final class ProblemException extends RuntimeException {

  private final transient Problem problem;

  // No stack trace: expected outcomes (404, 403, 400) are control flow, not faults.
  public ProblemException(Problem problem) {
    super(problem.detail() != null ? problem.detail() : problem.type().title(), null, false, false);
    this.problem = problem;
  }

  public ProblemException(ProblemType type, String detail) {
    this(Problem.of(type, detail));
  }

  public ProblemException(ProblemType type) {
    this(Problem.of(type));
  }

  public Problem problem() {
    return problem;
  }

  public static ProblemException notFound() {
    return new ProblemException(ProblemType.NOT_FOUND);
  }

  public static ProblemException forbidden(String detail) {
    return new ProblemException(ProblemType.FORBIDDEN, detail);
  }

  public static ProblemException invalid(String detail) {
    return new ProblemException(ProblemType.INVALID_REQUEST, detail);
  }
}
