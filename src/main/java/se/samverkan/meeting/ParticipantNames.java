package se.samverkan.meeting;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import se.samverkan.crypto.DataKey;
import se.samverkan.crypto.SealLabel;
import se.samverkan.identity.DirectoryUser;
import se.samverkan.identity.KeycloakDirectory;

/**
 * Participants' names. Every name is sealed under the child's key ({@code name_ct}); rows written
 * before V6 hold a professional's name in clear ({@code display_name}), or — for a guardian, whose
 * name V6 removed from the clear — nothing, and the name is read from the directory again.
 */
final class ParticipantNames {

  private ParticipantNames() {
  }

  static Future<Map<UUID, String>> of(List<ParticipantRecord> participants, DataKey key, KeycloakDirectory directory) {
    Map<UUID, String> names = new HashMap<>();
    List<Future<Void>> lookups = new ArrayList<>();
    for (ParticipantRecord p : participants) {
      if (p.nameSealed() != null) {
        names.put(p.id(), key.open(SealLabel.PARTICIPANT_NAME, p.id(), p.nameSealed()));
      } else if (p.displayName() != null) {
        names.put(p.id(), p.displayName());
      } else {
        lookups.add(directory.findByUsername(p.username())
            .otherwise(Optional.empty())
            .map(found -> {
              synchronized (names) {
                names.put(p.id(), found.map(DirectoryUser::name).orElse(p.username()));
              }
              return null;
            }));
      }
    }
    return Future.all(lookups).map(names);
  }

  static Future<String> of(ParticipantRecord participant, DataKey key, KeycloakDirectory directory) {
    return of(List.of(participant), key, directory).map(names -> names.get(participant.id()));
  }
}
