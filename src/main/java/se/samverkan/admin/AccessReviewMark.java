package se.samverkan.admin;

import io.vertx.core.json.JsonObject;

/** A reviewer's mark on one access-log entry, from the body the contract has validated. */
record AccessReviewMark(Verdict verdict, String note) {

  enum Verdict { CHECKED, QUESTIONED }

  AccessReviewMark {
    if (verdict == null) {
      throw new IllegalArgumentException("a review has a verdict");
    }
  }

  static AccessReviewMark from(JsonObject body) {
    return new AccessReviewMark(Verdict.valueOf(body.getString("verdict")), body.getString("note"));
  }
}
