package se.samverkan.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import se.samverkan.shared.ProblemException;
import se.samverkan.shared.ProblemType;

/**
 * 405 with an {@code Allow} header for a path of the contract asked with a method the contract does
 * not name there. The OpenAPI router routes only (path, method) pairs; any other request leaves it
 * as if the path were unknown, so this handler, placed after it, tells the two cases apart from the
 * contract itself. Unknown paths pass on (to the 404). Under {@code /api/} it runs after the bearer
 * check, so strangers still learn nothing about which paths exist.
 */
public final class AllowedMethods implements Handler<RoutingContext> {

  private record Template(Pattern pattern, long parameters, String allow, TreeSet<String> methods) {
  }

  private final List<Template> templates;

  private AllowedMethods(List<Template> templates) {
    this.templates = templates;
  }

  public static AllowedMethods from(OpenAPIContract contract) {
    List<Template> templates = new ArrayList<>();
    for (io.vertx.openapi.contract.Path path : contract.getPaths()) {
      TreeSet<String> methods = new TreeSet<>();
      for (Operation operation : path.getOperations()) {
        methods.add(operation.getHttpMethod().name());
      }
      String name = path.getName();
      StringBuilder regex = new StringBuilder("^");
      String[] literals = name.split("\\{[^/}]+}", -1);
      for (int i = 0; i < literals.length; i++) {
        if (i > 0) {
          regex.append("[^/]+");
        }
        regex.append(Pattern.quote(literals[i]));
      }
      regex.append("/?$");
      long parameters = name.chars().filter(c -> c == '{').count();
      templates.add(new Template(Pattern.compile(regex.toString()), parameters, String.join(", ", methods), methods));
    }
    // A literal segment wins over a parameter, as in the router: /a/b before /a/{x}.
    templates.sort(Comparator.comparingLong(Template::parameters));
    return new AllowedMethods(List.copyOf(templates));
  }

  /** The methods the contract allows on {@code path}, comma-separated, if the path is the contract's. */
  public Optional<String> allowed(String path) {
    return templates.stream().filter(t -> t.pattern().matcher(path).matches()).findFirst().map(Template::allow);
  }

  @Override
  public void handle(RoutingContext ctx) {
    Optional<String> allow = allowed(ctx.normalizedPath());
    if (allow.isEmpty() || List.of(allow.get().split(", ")).contains(ctx.request().method().name())) {
      ctx.next();
      return;
    }
    ctx.response().putHeader("Allow", allow.get());
    ctx.fail(new ProblemException(ProblemType.METHOD_NOT_ALLOWED));
  }
}
