package se.samverkan.admin;

import static se.samverkan.identity.BearerAuthHandler.principal;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import se.samverkan.http.OpenApiBinder;
import se.samverkan.identity.DirectoryUser;
import se.samverkan.identity.KeycloakDirectory;
import se.samverkan.identity.KeycloakEvents;
import se.samverkan.identity.LoginEvent;
import se.samverkan.policy.AccessLogScope;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.ReviewUse;

/**
 * Who logged in from where: Keycloak's login events with failed-login bursts flagged. A security
 * admin of an organisation sees the events of its members only (the scope of the access log); the
 * realm's admin events only the county's team (security-admin-all).
 */
public final class LoginEventsRoutes {

  /** The query from the parameters the contract has validated. */
  record Query(String user, String type, Instant from, Instant to) {
    static Query from(MultiMap q) {
      OffsetDateTime from = AccessLogQuery.time(q, "from");
      OffsetDateTime to = AccessLogQuery.time(q, "to");
      return new Query(q.get("user"), q.get("type"), from == null ? null : from.toInstant(),
          to == null ? null : to.toInstant());
    }
  }

  private final AccessPolicy policy;
  private final KeycloakDirectory directory;
  private final KeycloakEvents events;

  public LoginEventsRoutes(AccessPolicy policy, KeycloakDirectory directory) {
    this.policy = policy;
    this.directory = directory;
    this.events = new KeycloakEvents(directory);
  }

  public void bind(OpenApiBinder api) {
    api.json("listLoginEvents", ctx -> {
      Query q = Query.from(ctx.queryParams());
      return policy.accessLogScope(principal(ctx), ReviewUse.LOGIN_EVENTS, null)
          .compose(this::members)
          .compose(members -> events(q).map(all -> inScope(all, members)))
          .map(shown -> AdminJson.loginEvents(shown, LoginEventBursts.of(shown)));
    });
    api.json("listAdminEvents", ctx -> {
      Query q = Query.from(ctx.queryParams());
      return policy.accessLogScope(principal(ctx), ReviewUse.ADMIN_EVENTS, null)
          .compose(scope -> {
            AccessLogScope.requireAllOrganisations(scope);
            return events.adminEvents(q.from(), q.to());
          })
          .map(AdminJson::adminEvents);
    });
  }

  /** The user ids of the scope's organisation; empty for every organisation. */
  private Future<Optional<Set<String>>> members(String scope) {
    if (scope == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return directory.organisation(scope).compose(org -> org.isEmpty() ? Future.succeededFuture(Optional.of(Set.of()))
        : events.memberIds(org.get().id()).map(Optional::of));
  }

  private Future<List<LoginEvent>> events(Query q) {
    if (q.user() == null) {
      return events.loginEvents(null, q.type(), q.from(), q.to());
    }
    return directory.findByUsername(q.user()).compose(user -> user.isEmpty() ? Future.succeededFuture(List.of())
        : events.loginEvents(user.map(DirectoryUser::id).get(), q.type(), q.from(), q.to()));
  }

  private static List<LoginEvent> inScope(List<LoginEvent> all, Optional<Set<String>> members) {
    return members.map(ids -> all.stream().filter(e -> e.userId() != null && ids.contains(e.userId())).toList()).orElse(all);
  }
}
