package se.samverkan.child;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import se.samverkan.caremodel.Schooling;

/** A change to a child's record (ChildUpdate): the schooling the ChildContact states, its only field. */
record ChildUpdate(Schooling schooling) {

  ChildUpdate {
    Objects.requireNonNull(schooling, "schooling");
  }

  static ChildUpdate from(JsonObject body) {
    return new ChildUpdate(Schooling.valueOf(body.getString("schooling")));
  }
}
