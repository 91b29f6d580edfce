package se.samverkan.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;

/**
 * In real browsers: anna.bvc registers a child, records consent covering Växjö kommun and adds
 * erik.rektor; they exchange end-to-end encrypted direct messages live ("Skriv direkt" from the
 * team), with the same safety number on both sides. An independent Node client (@hpke/core, its own
 * device for Erik) opens a message Anna's browser sealed. Anna's second browser context (a new
 * device) shows "Historiken finns på din andra enhet" until she approves it from the first after
 * comparing the code shown on both, then reads the history. No message text reaches the database.
 */
@ExtendWith(SamverkanExtension.class)
class BrowserDirectTest {

  private static final Pattern SECRET = Pattern.compile("Direct message secret: (hemlig[0-9a-f]{12})");

  @Test
  void directMessagesShouldBeLiveReadableByAnIndependentPeerAndMoveToANewDeviceWithoutTheirTextInTheDatabase(TestStack stack)
      throws Exception {
    BrowserTests.Result result = BrowserTests.run(stack, "e2e/direct.e2e.mjs");
    assertEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("# pass 1"), result.output());
    assertTrue(result.output().contains("# fail 0"), result.output());
    Matcher secret = SECRET.matcher(result.output());
    assertTrue(secret.find(), result.output());
    assertEquals(List.of(), columnsContaining(stack, secret.group(1)), "columns holding a direct message's text");
  }

  /** Every text, JSON or bytea column in the database that contains {@code needle}, as table.column. */
  private static List<String> columnsContaining(TestStack stack, String needle) throws Exception {
    List<String> found = new ArrayList<>();
    try (Connection db = stack.jdbc()) {
      List<String[]> columns = new ArrayList<>();
      try (PreparedStatement query = db.prepareStatement("""
          SELECT table_schema, table_name, column_name, data_type FROM information_schema.columns
          WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
            AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'bytea')""");
          ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          columns.add(new String[] {rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)});
        }
      }
      for (String[] c : columns) {
        String column = "\"" + c[0] + "\".\"" + c[1] + "\".\"" + c[2] + "\"";
        String condition = "bytea".equals(c[3])
            ? "position(convert_to(?, 'UTF8') in \"" + c[2] + "\") > 0"
            : "strpos(\"" + c[2] + "\"::text, ?) > 0";
        try (PreparedStatement query = db.prepareStatement(
            "SELECT 1 FROM \"" + c[0] + "\".\"" + c[1] + "\" WHERE " + condition + " LIMIT 1")) {
          query.setString(1, needle);
          try (ResultSet rows = query.executeQuery()) {
            if (rows.next()) {
              found.add(column);
            }
          }
        }
      }
    }
    return found;
  }
}
