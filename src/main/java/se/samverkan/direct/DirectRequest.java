package se.samverkan.direct;

import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import se.samverkan.shared.ProblemException;

/**
 * The direct-message requests, from what the contract has already validated (shapes, lengths,
 * base64url alphabets). What the contract cannot say is checked here: a key that is no P-256
 * point, two copies for one device or message, the decoded sizes.
 */
final class DirectRequest {

  static final int ENC_BYTES = 65;
  static final int MAX_CIPHERTEXT_BYTES = 64 * 1024;
  static final int MIN_CIPHERTEXT_BYTES = 16;

  private DirectRequest() {
  }

  /** A device to register. */
  record NewDevice(DeviceKey key, String label) {
    NewDevice {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(label, "label");
    }

    static NewDevice from(JsonObject body) {
      try {
        return new NewDevice(DeviceKey.fromBase64Url(body.getString("publicKey")), body.getString("label"));
      } catch (IllegalArgumentException e) {
        throw ProblemException.invalid("publicKey är inte en giltig P-256-nyckel (65 byte okomprimerad punkt, base64url).");
      }
    }
  }

  /** One sealed copy: HPKE's encapsulated key and the AES-128-GCM ciphertext, for a device or of a message. */
  record Copy(UUID target, byte[] enc, byte[] ciphertext) {
    Copy {
      Objects.requireNonNull(target, "target");
      if (enc.length != ENC_BYTES) {
        throw ProblemException.invalid("enc ska vara 65 byte.");
      }
      if (ciphertext.length < MIN_CIPHERTEXT_BYTES || ciphertext.length > MAX_CIPHERTEXT_BYTES) {
        throw ProblemException.invalid("ciphertext ska vara 16 byte till 64 KiB.");
      }
    }

    static Copy from(JsonObject json, String targetField) {
      return new Copy(UUID.fromString(json.getString(targetField)), bytes(json.getString("enc")),
          bytes(json.getString("ciphertext")));
    }
  }

  /** A message to send: the same clientId again is a resend. */
  record Send(String clientId, UUID senderDeviceId, List<Copy> copies) {
    Send {
      copies = distinct(copies);
    }

    static Send from(JsonObject body) {
      return new Send(body.getString("clientId"), UUID.fromString(body.getString("senderDeviceId")),
          parseCopies(body.getJsonArray("copies"), "deviceId"));
    }

    Set<UUID> devices() {
      Set<UUID> out = new HashSet<>();
      copies.forEach(c -> out.add(c.target()));
      return out;
    }
  }

  /** Copies of my messages for my new device, sealed on another device of mine. */
  record History(UUID fromDeviceId, List<Copy> copies) {
    History {
      copies = distinct(copies);
    }

    static History from(JsonObject body) {
      return new History(UUID.fromString(body.getString("fromDeviceId")), parseCopies(body.getJsonArray("copies"), "messageId"));
    }
  }

  /** How far the caller has read. */
  record Read(long seq) {
    static Read from(JsonObject body) {
      return new Read(body.getLong("seq"));
    }
  }

  /** A conversation to open with someone. */
  record Start(String with) {
    static Start from(JsonObject body) {
      return new Start(body.getString("with"));
    }
  }

  /** A page of a conversation for one device. */
  record Page(UUID deviceId, long afterSeq, int limit) {
    static final int DEFAULT_LIMIT = 100;

    static Page from(MultiMap query) {
      String after = query.get("afterSeq");
      String limit = query.get("limit");
      return new Page(UUID.fromString(query.get("deviceId")), after == null ? 0 : Long.parseLong(after),
          limit == null ? DEFAULT_LIMIT : Integer.parseInt(limit));
    }
  }

  private static List<Copy> parseCopies(JsonArray array, String targetField) {
    List<Copy> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      out.add(Copy.from(array.getJsonObject(i), targetField));
    }
    return out;
  }

  private static List<Copy> distinct(List<Copy> copies) {
    Set<UUID> seen = new HashSet<>();
    for (Copy c : copies) {
      if (!seen.add(c.target())) {
        throw ProblemException.invalid("Två kopior för samma " + c.target() + ".");
      }
    }
    return List.copyOf(copies);
  }

  private static byte[] bytes(String text) {
    try {
      return Base64.getUrlDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw ProblemException.invalid("Ogiltig base64url.");
    }
  }
}
