package se.samverkan.store;

import io.vertx.sqlclient.RowSet;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows already mapped by the PG client ({@code preparedQuery(sql).mapping(Record::from)}) as a list,
 * so that a repository states only its SQL and its row mapping.
 */
public final class Rows {

  private Rows() {
  }

  public static <T> List<T> list(RowSet<T> rows) {
    List<T> out = new ArrayList<>(rows.size());
    rows.forEach(out::add);
    return out;
  }
}
