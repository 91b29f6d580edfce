package se.samverkan.message;

import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import se.samverkan.identity.Principal;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.AccessPolicy.Action;
import se.samverkan.policy.AccessPolicy.ChildAccess;

/**
 * Granted accesses of one connection, for its sends, read receipts and typing: reused for
 * {@code accessRecheck} and never past the end of the consent they rest on; dropped on revocation.
 */
final class AccessCache {

  private final AccessPolicy policy;
  private final Duration accessRecheck;
  /** A decision that comes back after the connection closed is not kept. */
  private final BooleanSupplier closed;
  private final Map<UUID, CachedAccess> accessCache = new HashMap<>();
  /** Bumped by every revocation, so that an access check that was under way then is not cached. */
  private long revocations;

  AccessCache(AccessPolicy policy, Duration accessRecheck, BooleanSupplier closed) {
    this.policy = policy;
    this.accessRecheck = accessRecheck;
    this.closed = closed;
  }

  /** A fresh policy decision (logged), cached for later sends unless a revocation came in meanwhile. */
  Future<ChildAccess> decide(Principal principal, UUID childId, Action action) {
    long revocationsBefore = revocations;
    return policy.professional(principal, childId, action).onSuccess(a -> {
      if (revocations == revocationsBefore && !closed.getAsBoolean()) {
        accessCache.put(childId, new CachedAccess(a, System.nanoTime()));
      }
    });
  }

  Future<ChildAccess> access(Principal principal, UUID childId, Action action) {
    CachedAccess cached = accessCache.get(childId);
    if (cached != null && System.nanoTime() - cached.checkedAt < accessRecheck.toNanos()
        && (cached.access.coveredUntil() == null || Instant.now().isBefore(cached.access.coveredUntil()))) {
      return Future.succeededFuture(cached.access);
    }
    return decide(principal, childId, action);
  }

  /** Access to the child was revoked: the cached access goes, and so does any decision under way. */
  void revoked(UUID childId) {
    revocations++;
    accessCache.remove(childId);
  }

  void forget(UUID childId) {
    accessCache.remove(childId);
  }

  private record CachedAccess(ChildAccess access, long checkedAt) {
  }
}
