package se.samverkan.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The master key that wraps every child's data key: 32 random bytes, base64, in a file readable only
 * by the server's user. In production the same role is played by an HSM/KMS behind the key vault;
 * this file is the development and small-installation form. Losing it makes all data unreadable.
 */
public final class MasterKeyFile {

  public static final int KEY_BYTES = 32;

  private MasterKeyFile() {
  }

  /** Reads and checks the key; blocking file I/O, so call it off the event loop. */
  public static SecretKey load(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new IOException("The master key file " + file + " is not base64");
    }
    if (raw.length != KEY_BYTES) {
      throw new IOException("The master key file " + file + " must hold " + KEY_BYTES + " bytes, it holds " + raw.length);
    }
    try {
      return new SecretKeySpec(raw, "AES");
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /** Creates a fresh random key file (mode 600) unless one exists; development mode only. */
  public static void createIfMissing(Path file) throws IOException {
    if (Files.exists(file)) {
      return;
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    byte[] raw = new byte[KEY_BYTES];
    new SecureRandom().nextBytes(raw);
    String encoded = Base64.getEncoder().encodeToString(raw) + "\n";
    Arrays.fill(raw, (byte) 0);
    try {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (FileAlreadyExistsException e) {
      return;
    }
    Files.writeString(file, encoded, StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
