package se.samverkan.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.Http;
import se.samverkan.testing.SamverkanExtension;
import se.samverkan.testing.TestStack;
import se.samverkan.testing.WsClient;

/** Heap and live-connection figures (read by the load benchmark) are for the security team only. */
@ExtendWith(SamverkanExtension.class)
class ServerStatusTest {

  @Test
  void serverStatusShouldNeedALoginAndTheSecurityAdminRole(TestStack stack) {
    assertEquals(401, stack.http().get("/api/admin/server-status").status());
    Http.Response professional = stack.http().get("/api/admin/server-status", stack.token("anna.bvc"));
    assertEquals(403, professional.status(), professional.toString());
    assertEquals("application/problem+json", professional.header("Content-Type"));
  }

  @Test
  void serverStatusShouldReportHeapAndOpenWebSockets(TestStack stack) {
    try (WsClient ws = WsClient.as(stack, "erik.rektor")) {
      Http.Response r = stack.http().get("/api/admin/server-status", stack.token("sec.admin"));
      assertEquals(200, r.status(), r.toString());
      JsonObject status = r.json();
      assertTrue(status.getLong("heapUsedBytes") > 0, status.encode());
      assertTrue(status.getLong("heapMaxBytes") >= status.getLong("heapUsedBytes"), status.encode());
      assertTrue(status.getLong("heapUsedAfterLastGcBytes") >= 0, status.encode());
      assertTrue(status.getInteger("webSocketConnections") >= 1, "erik's socket is open: " + status.encode());
      assertEquals("no-store", r.header("Cache-Control"));
    }
  }
}
