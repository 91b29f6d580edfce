package se.samverkan;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * {@code samverkan-build.properties} (version, Keycloak version) written by the build. Apart from
 * {@link Main}, so that the commands and the verticle that read it do not depend on the class that
 * starts them.
 */
public final class BuildInfo {

  private BuildInfo() {
  }

  public static Properties properties() {
    Properties p = new Properties();
    try (InputStream in = BuildInfo.class.getClassLoader().getResourceAsStream("samverkan-build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // version is cosmetic
    }
    return p;
  }

  /** The version of this build, "dev" when run from the sources without one. */
  public static String version() {
    return properties().getProperty("version", "dev");
  }
}
