package se.samverkan.sharinglog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

  @Test
  void keysShouldBeSortedAndWhitespaceAbsentWhateverTheInsertionOrder() {
    JsonObject a = new JsonObject().put("b", 1).put("a", new JsonObject().put("z", true).put("y", (Object) null));
    JsonObject b = new JsonObject().put("a", new JsonObject().put("y", (Object) null).put("z", true)).put("b", 1);
    assertEquals("{\"a\":{\"y\":null,\"z\":true},\"b\":1}", CanonicalJson.write(a));
    assertEquals(CanonicalJson.write(a), CanonicalJson.write(b));
  }

  @Test
  void stringsShouldBeEscapedMinimallyAndKeepNonAscii() {
    JsonObject o = new JsonObject().put("s", "Växjö \"kommun\"\n\\\u0001").put("l", new JsonArray().add("å").add(2L));
    assertEquals("{\"l\":[\"å\",2],\"s\":\"Växjö \\\"kommun\\\"\\n\\\\\\u0001\"}", CanonicalJson.write(o));
  }

  @Test
  void floatsShouldBeRefused() {
    assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(new JsonObject().put("x", 1.5)));
  }
}
