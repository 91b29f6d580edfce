package se.samverkan.admin;

import io.vertx.core.Future;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import se.samverkan.identity.Principal;
import se.samverkan.policy.AccessLog;
import se.samverkan.policy.AccessLogScope;
import se.samverkan.policy.AccessPolicy;
import se.samverkan.policy.ReviewUse;
import se.samverkan.shared.ProblemException;

/** Loggkontroll's periodic review: a reproducible sample with its flags and marks, the marks, the export. */
final class AccessReviewService {

  /** One sampled entry with what stands out about it and its newest mark (null: none yet). */
  record Reviewed(AccessLog.Entry entry, List<AccessReviewFlags.Flag> flags, AccessReviews.Review review) {
  }

  record Sample(long seed, OffsetDateTime from, OffsetDateTime to, List<Reviewed> entries) {
  }

  private final AccessPolicy policy;
  private final AccessLog log;
  private final AccessReviews reviews;

  AccessReviewService(AccessPolicy policy, AccessLog log, AccessReviews reviews) {
    this.policy = policy;
    this.log = log;
    this.reviews = reviews;
  }

  Future<Sample> sample(Principal who, AccessReviewQuery q) {
    return policy.accessLogScope(who, ReviewUse.SAMPLE, q.organisation())
        .compose(scope -> log.ids(new AccessLog.Filter(null, null, scope, null, q.from(), q.to(), 1)))
        .compose(ids -> entries(AccessReviewSample.of(ids, q.sample(), q.seed())))
        .compose(entries -> reviewed(q, entries));
  }

  Future<AccessReviews.Review> mark(Principal who, long entryId, AccessReviewMark mark) {
    return policy.accessLogScope(who, ReviewUse.MARK, null)
        .compose(scope -> log.entries(List.of(entryId)).map(rows -> inScope(scope, rows)))
        .compose(entry -> reviews.mark(who, entry.id(), mark));
  }

  /** Every entry of the period in the caller's scope, oldest first. */
  Future<List<AccessLog.Entry>> export(Principal who, OffsetDateTime from, OffsetDateTime to, String organisation) {
    return policy.accessLogScope(who, ReviewUse.EXPORT, organisation)
        .compose(scope -> log.all(new AccessLog.Filter(null, null, scope, null, from, to, 1)));
  }

  private Future<List<AccessLog.Entry>> entries(List<Long> ids) {
    return ids.isEmpty() ? Future.succeededFuture(List.of()) : log.entries(ids);
  }

  private Future<Sample> reviewed(AccessReviewQuery q, List<AccessLog.Entry> entries) {
    if (entries.isEmpty()) {
      return Future.succeededFuture(new Sample(q.seed(), q.from(), q.to(), List.of()));
    }
    List<String> users = entries.stream().map(AccessLog.Entry::username).distinct().toList();
    OffsetDateTime first = entries.stream().map(AccessLog.Entry::at).min(Comparator.naturalOrder()).orElseThrow()
        .minus(AccessReviewFlags.WINDOW).atOffset(ZoneOffset.UTC);
    OffsetDateTime last = entries.stream().map(AccessLog.Entry::at).max(Comparator.naturalOrder()).orElseThrow()
        .plus(AccessReviewFlags.WINDOW).plusNanos(1000).atOffset(ZoneOffset.UTC);
    List<Long> ids = entries.stream().map(AccessLog.Entry::id).toList();
    Future<List<AccessLog.Entry>> reads = log.childReads(users, first, last);
    Future<Map<Long, AccessReviews.Review>> marks = reviews.newest(ids);
    return Future.all(reads, marks).map(all -> new Sample(q.seed(), q.from(), q.to(), entries.stream()
        .map(e -> new Reviewed(e, AccessReviewFlags.of(e, reads.result()), marks.result().get(e.id())))
        .toList()));
  }

  private static AccessLog.Entry inScope(String scope, List<AccessLog.Entry> rows) {
    if (rows.isEmpty()) {
      throw ProblemException.notFound();
    }
    AccessLogScope.requireInAccessLogScope(scope, rows.get(0).organisation());
    return rows.get(0);
  }
}
