package se.samverkan.family;

import io.vertx.core.json.JsonArray;
import java.util.UUID;

/**
 * What was shared about a child, as the family may read it. The entries stay the sharing log's own
 * rendering ({@code SharingLog.Entry}: position, leaf hash and the canonical text the leaf hashes,
 * which the web client verifies), the same as in the professionals' view of the log.
 */
record FamilySharingLog(UUID childId, JsonArray entries) {
}
