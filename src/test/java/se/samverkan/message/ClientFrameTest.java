package se.samverkan.message;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every client frame is checked up front: the right fields with the right types, or an answerable refusal. */
class ClientFrameTest {

  private static final String CHILD = "6f1c9d2e-8a34-4b7e-9c01-2d3e4f5a6b7c";

  @Test
  void wellFormedFramesShouldBeReadWithTheirFields() {
    UUID child = UUID.fromString(CHILD);
    assertEquals(new ClientFrame.Auth("t0k3n"), ClientFrame.parse("{\"type\":\"auth\",\"token\":\"t0k3n\"}"));
    assertEquals(new ClientFrame.Subscribe(child, 12L), ClientFrame.parse("{\"type\":\"subscribe\",\"childId\":\"" + CHILD + "\",\"afterSeq\":12}"));
    assertEquals(new ClientFrame.Subscribe(child, null), ClientFrame.parse("{\"type\":\"subscribe\",\"childId\":\"" + CHILD + "\"}"));
    assertEquals(new ClientFrame.Subscribe(child, null),
        ClientFrame.parse("{\"type\":\"subscribe\",\"childId\":\"" + CHILD + "\",\"afterSeq\":null}"));
    assertEquals(new ClientFrame.Subscribe(child, 9_000_000_000L),
        ClientFrame.parse("{\"type\":\"subscribe\",\"childId\":\"" + CHILD + "\",\"afterSeq\":9000000000}"));
    assertEquals(new ClientFrame.Unsubscribe(child), ClientFrame.parse("{\"type\":\"unsubscribe\",\"childId\":\"" + CHILD + "\"}"));
    assertEquals(new ClientFrame.Send(child, "c-1", "Hej"),
        ClientFrame.parse("{\"type\":\"send\",\"childId\":\"" + CHILD + "\",\"clientId\":\"c-1\",\"text\":\"Hej\",\"extra\":true}"));
    assertEquals(new ClientFrame.Read(child, 31), ClientFrame.parse("{\"type\":\"read\",\"childId\":\"" + CHILD + "\",\"seq\":31}"));
    assertEquals(new ClientFrame.Typing(child), ClientFrame.parse("{\"type\":\"typing\",\"childId\":\"" + CHILD + "\"}"));
    assertEquals(new ClientFrame.UnknownType("explode"), ClientFrame.parse("{\"type\":\"explode\"}"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{not json", "[1,2]", "\"text\"", "42", "null", "{}", "{\"type\":7}",
      "{\"type\":\"auth\"}", "{\"type\":\"auth\",\"token\":12}", "{\"type\":\"auth\",\"token\":\"\"}",
      "{\"type\":\"subscribe\"}", "{\"type\":\"subscribe\",\"childId\":42}", "{\"type\":\"subscribe\",\"childId\":\"not-a-uuid\"}",
      "{\"type\":\"subscribe\",\"childId\":\"1-2-3-4-5\"}",
      "{\"type\":\"subscribe\",\"childId\":\"" + CHILD + "\",\"afterSeq\":\"12\"}",
      "{\"type\":\"subscribe\",\"childId\":\"" + CHILD + "\",\"afterSeq\":-1}",
      "{\"type\":\"subscribe\",\"childId\":\"" + CHILD + "\",\"afterSeq\":1.5}",
      "{\"type\":\"subscribe\",\"childId\":\"" + CHILD + "\",\"afterSeq\":123456789012345678901234567890}",
      "{\"type\":\"unsubscribe\"}",
      "{\"type\":\"send\",\"clientId\":\"c\",\"text\":\"x\"}", "{\"type\":\"send\",\"childId\":\"" + CHILD + "\",\"text\":\"x\"}",
      "{\"type\":\"send\",\"childId\":\"" + CHILD + "\",\"clientId\":\"c\"}",
      "{\"type\":\"send\",\"childId\":\"" + CHILD + "\",\"clientId\":\"c\",\"text\":{\"a\":1}}",
      "{\"type\":\"read\",\"childId\":\"" + CHILD + "\"}", "{\"type\":\"read\",\"childId\":\"" + CHILD + "\",\"seq\":\"3\"}",
      "{\"type\":\"read\",\"seq\":3}", "{\"type\":\"typing\"}", "{\"type\":\"typing\",\"childId\":null}"})
  void anythingElseShouldBeMalformed(String text) {
    assertInstanceOf(ClientFrame.Malformed.class, ClientFrame.parse(text), text);
  }

  @Test
  void aRefusedSendShouldKeepTheIdsItCouldRead() {
    ClientFrame.Malformed noText = (ClientFrame.Malformed) ClientFrame.parse(
        "{\"type\":\"send\",\"childId\":\"" + CHILD + "\",\"clientId\":\"c-9\"}");
    assertEquals("c-9", noText.clientId());
    assertEquals(UUID.fromString(CHILD), noText.childId());
    assertEquals("send", noText.type());
    assertNull(((ClientFrame.Malformed) ClientFrame.parse("{not json")).type(), "no type: answered even before auth");
  }

  private static final String DEVICE = "0b7e3c1a-52d4-4f6e-8a9b-1c2d3e4f5a6b";

  @Test
  void directSubscribeAndUnsubscribeShouldBeReadWithTheirDevice() {
    UUID device = UUID.fromString(DEVICE);
    assertEquals(new ClientFrame.SubscribeDirect(device),
        ClientFrame.parse("{\"type\":\"subscribe-direct\",\"deviceId\":\"" + DEVICE + "\"}"));
    assertEquals(new ClientFrame.UnsubscribeDirect(device),
        ClientFrame.parse("{\"type\":\"unsubscribe-direct\",\"deviceId\":\"" + DEVICE + "\",\"extra\":1}"));
    assertEquals(new ClientFrame.SubscribeDirect(device),
        ClientFrame.parse("{\"type\":\"subscribe-direct\",\"deviceId\":\"" + DEVICE.toUpperCase() + "\"}"),
        "the canonical spelling in either case, as for a child");
    assertEquals("subscribe-direct", new ClientFrame.SubscribeDirect(device).type());
    assertEquals("unsubscribe-direct", new ClientFrame.UnsubscribeDirect(device).type());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"type\":\"subscribe-direct\"}", "{\"type\":\"subscribe-direct\",\"deviceId\":null}",
      "{\"type\":\"subscribe-direct\",\"deviceId\":42}", "{\"type\":\"subscribe-direct\",\"deviceId\":\"not-a-uuid\"}",
      "{\"type\":\"subscribe-direct\",\"deviceId\":\"1-2-3-4-5\"}",
      "{\"type\":\"subscribe-direct\",\"deviceId\":[\"" + DEVICE + "\"]}",
      "{\"type\":\"subscribe-direct\",\"childId\":\"" + DEVICE + "\"}",
      "{\"type\":\"unsubscribe-direct\"}", "{\"type\":\"unsubscribe-direct\",\"deviceId\":\"\"}",
      "{\"type\":\"unsubscribe-direct\",\"deviceId\":{\"id\":\"" + DEVICE + "\"}}"})
  void aDirectFrameWithoutAUuidDeviceIdShouldBeMalformed(String text) {
    ClientFrame.Malformed malformed = assertInstanceOf(ClientFrame.Malformed.class, ClientFrame.parse(text), text);
    assertEquals(new io.vertx.core.json.JsonObject(text).getString("type"), malformed.type(), "answered as that frame's refusal");
  }
}
