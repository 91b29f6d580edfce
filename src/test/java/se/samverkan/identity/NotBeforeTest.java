package se.samverkan.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import se.samverkan.testing.DatabaseExtension;
import se.samverkan.testing.Eventually;
import se.samverkan.testing.TestDatabase;

/** A sign-out refuses every token issued up to it, on this node, on the others (event bus) and after a restart (table). */
@ExtendWith(DatabaseExtension.class)
class NotBeforeTest {

  @Test
  void aSignOutShouldRefuseEarlierTokensEverywhereAndAcceptLaterOnes(TestDatabase db) throws Exception {
    NotBefore here = new NotBefore(db.vertx(), db.pool());
    NotBefore other = new NotBefore(db.vertx(), db.pool());
    here.start().await(10, TimeUnit.SECONDS);
    other.start().await(10, TimeUnit.SECONDS);
    String subject = UUID.randomUUID().toString();
    String bystander = UUID.randomUUID().toString();
    Instant now = Instant.parse("2026-12-04T20:00:00.700Z");
    assertFalse(here.refuses(subject, now.getEpochSecond()));

    Instant notBefore = here.signOut(subject, now).await(10, TimeUnit.SECONDS);
    assertEquals(Instant.parse("2026-12-04T20:00:01Z"), notBefore);
    assertTrue(here.refuses(subject, now.getEpochSecond()), "a token of the same second, issued before the sign-out");
    assertTrue(here.refuses(subject, null), "a token without iat of a signed-out person");
    assertFalse(here.refuses(subject, notBefore.getEpochSecond()), "a login after the sign-out");
    assertFalse(here.refuses(bystander, now.getEpochSecond()));
    Eventually.await(Duration.ofSeconds(5), "the other node heard the sign-out",
        () -> other.refuses(subject, now.getEpochSecond()));

    // An earlier sign-out never moves the not-before back.
    here.signOut(subject, now.minusSeconds(3600)).await(10, TimeUnit.SECONDS);
    NotBefore restarted = new NotBefore(db.vertx(), db.pool());
    restarted.start().await(10, TimeUnit.SECONDS);
    assertTrue(restarted.refuses(subject, now.getEpochSecond()), "a restarted node loads the stored not-before");
    assertFalse(restarted.refuses(subject, notBefore.getEpochSecond()));
    for (NotBefore n : new NotBefore[] {here, other, restarted}) {
      n.stop().await(10, TimeUnit.SECONDS);
    }
  }
}
