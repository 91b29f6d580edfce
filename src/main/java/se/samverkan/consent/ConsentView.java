package se.samverkan.consent;

import java.util.List;
import java.util.Map;
import se.samverkan.identity.Organisation;

/**
 * A consent opened for the caller, as {@link ConsentJson} renders it. A consent recorded before the
 * caller's view of the child's history begins opens nothing of what it says ({@code content} null):
 * whom it names and why would tell which organisations work with the child. Its status is taken when
 * it is opened.
 */
public record ConsentView(ConsentRecord consent, ConsentRecord.Status status, Map<String, Organisation> orgs, Content content) {

  /** What only a full sight opens. {@code withdrawalReason} is null while the consent is not withdrawn. */
  record Content(List<String> givenBy, List<Person> persons, List<ExternalPerson> externalPersons, String purpose,
                 String withdrawalReason) {
  }

  /** A person with an account the consent names, as Keycloak knew them when it was recorded. */
  record Person(String username, String name, String organisationAlias, String organisationName) {
  }
}
