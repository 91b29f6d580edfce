package se.samverkan;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import com.tngtech.archunit.library.dependencies.SliceRule;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import se.samverkan.policy.AccessLog;

/**
 * The package graph has one direction (docs/ARCHITECTURE.md):
 * shared ← caremodel, config, store ← crypto, identity, http, policy, sharinglog, membership ← child,
 * consent (consent uses child) ← team ← meeting, message, family, admin ← the application
 * (se.samverkan itself, embedded, bench).
 * No cycles between packages or between the files of a package, and no feature reaches into another
 * feature's repository. The rules are also run on a small fixture with a deliberate cycle
 * ({@code se.samverkan.archfixture}) to show that they report one.
 */
class ArchitectureTest {

  private static final String ROOT = "se.samverkan";

  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages(ROOT);

  /**
   * Package edges that may point the wrong way, each a known cycle left for later, with the reason.
   * None is left; should one have to be accepted for a while, name it here: the rules then ignore
   * exactly it, and {@link #knownViolationsStillOccur()} fails once it no longer occurs.
   */
  static final List<KnownEdge> KNOWN_PACKAGE_EDGES = List.of();

  /**
   * Packages whose files may form cycles among themselves, each named with the reason. None is
   * left (the composition root, the benchmarks and the WebSocket gateway's parts were the last); should
   * one have to be accepted for a while, name its package here.
   */
  static final Set<String> KNOWN_FILE_CYCLE_PACKAGES = Set.of();

  /**
   * Uses of another package's repository (origin class -> repository) accepted for a while. None is
   * left: other features reach a child or its consents through the owner's narrow ports
   * ({@code child.ChildRecords}, {@code consent.ConsentRecords}) and memberships through the core
   * store {@code membership.TeamMemberships}.
   */
  static final Set<String> KNOWN_FOREIGN_REPOSITORIES = Set.of();

  record KnownEdge(String from, String to, String why) {
  }

  @Test
  void packagesShouldBeFreeOfCycles() {
    packagesFreeOfCycles(ROOT, KNOWN_PACKAGE_EDGES).check(MAIN);
  }

  @Test
  void filesShouldBeFreeOfCycles() {
    filesFreeOfCycles(ROOT, KNOWN_PACKAGE_EDGES, KNOWN_FILE_CYCLE_PACKAGES).check(MAIN);
  }

  @Test
  void dependenciesShouldPointDownTheLayers() {
    layers(KNOWN_PACKAGE_EDGES).check(MAIN);
  }

  @Test
  void noFeatureShouldUseAnotherFeaturesRepository() {
    onlyOwnRepositories(ROOT, KNOWN_FOREIGN_REPOSITORIES).check(MAIN);
  }

  @Test
  void onlyThePolicyShouldWriteTheAccessLog() {
    ArchRuleDefinition.noClasses().that().resideOutsideOfPackage(ROOT + ".policy..")
        .should().callMethodWhere(DescribedPredicate.describe("an append to the AccessLog",
            call -> call.getTargetOwner().isEquivalentTo(AccessLog.class) && call.getName().startsWith("append")))
        .check(MAIN);
  }

  @Test
  void knownViolationsStillOccur() {
    Set<String> packageEdges = packageEdges(MAIN);
    for (KnownEdge known : KNOWN_PACKAGE_EDGES) {
      assertTrue(packageEdges.contains(known.from() + " -> " + known.to()),
          "no longer occurs, remove it from KNOWN_PACKAGE_EDGES: " + known);
    }
    Set<String> foreign = foreignRepositoryUses(ROOT, MAIN);
    assertTrue(foreign.containsAll(KNOWN_FOREIGN_REPOSITORIES),
        "no longer occurs, remove from KNOWN_FOREIGN_REPOSITORIES: "
            + KNOWN_FOREIGN_REPOSITORIES.stream().filter(e -> !foreign.contains(e)).toList());
  }

  @Test
  void theRulesShouldReportACycleAndAForeignRepository() {
    String fixtureRoot = ROOT + ".archfixture";
    JavaClasses fixture = new ClassFileImporter().importPackages(fixtureRoot);

    assertTrue(packagesFreeOfCycles(fixtureRoot, List.of()).evaluate(fixture).hasViolation(),
        "a ↔ b is a package cycle");
    assertTrue(filesFreeOfCycles(fixtureRoot, List.of(), Set.of()).evaluate(fixture).hasViolation(),
        "Alpha ↔ Beta is a file cycle");
    assertTrue(onlyOwnRepositories(fixtureRoot, Set.of()).evaluate(fixture).hasViolation(),
        "b.Beta uses a.AlphaRepository");
    assertEquals(Set.of("archfixture.b.Beta -> archfixture.a.AlphaRepository"),
        foreignRepositoryUses(ROOT, fixture));
  }

  // --- the rules ---------------------------------------------------------------------------------

  static SliceRule packagesFreeOfCycles(String root, List<KnownEdge> known) {
    SliceRule rule = slices().assignedFrom(topLevelPackages(root)).should().beFreeOfCycles();
    for (KnownEdge edge : known) {
      rule = rule.ignoreDependency(inPackage(edge.from()), inPackage(edge.to()));
    }
    return rule;
  }

  static SliceRule filesFreeOfCycles(String root, List<KnownEdge> known, Set<String> knownPackages) {
    SliceRule rule = slices().assignedFrom(topLevelClasses(root, knownPackages)).should().beFreeOfCycles();
    for (KnownEdge edge : known) {
      rule = rule.ignoreDependency(inPackage(edge.from()), inPackage(edge.to()));
    }
    return rule;
  }

  static LayeredArchitecture layers(List<KnownEdge> known) {
    LayeredArchitecture layers = layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("Shared").definedBy(pkg("shared"))
        .layer("Infrastructure").definedBy(pkg("caremodel"), pkg("config"), pkg("store"))
        .layer("Core").definedBy(pkg("crypto"), pkg("identity"), pkg("http"), pkg("policy"), pkg("sharinglog"),
            pkg("membership"))
        .layer("ChildAndConsent").definedBy(pkg("child"), pkg("consent"))
        .layer("Team").definedBy(pkg("team"))
        .layer("Features").definedBy(pkg("meeting"), pkg("message"), pkg("direct"), pkg("family"), pkg("admin"))
        .layer("Application").definedBy(ROOT, pkg("embedded"), pkg("bench"))
        .whereLayer("Application").mayNotBeAccessedByAnyLayer()
        .whereLayer("Features").mayOnlyBeAccessedByLayers("Application")
        .whereLayer("Team").mayOnlyBeAccessedByLayers("Features", "Application")
        .whereLayer("ChildAndConsent").mayOnlyBeAccessedByLayers("Team", "Features", "Application")
        .whereLayer("Core").mayOnlyBeAccessedByLayers("ChildAndConsent", "Team", "Features", "Application")
        .whereLayer("Infrastructure")
        .mayOnlyBeAccessedByLayers("Core", "ChildAndConsent", "Team", "Features", "Application");
    for (KnownEdge edge : known) {
      layers = layers.ignoreDependency(inPackage(edge.from()), inPackage(edge.to()));
    }
    return layers;
  }

  static ArchRule onlyOwnRepositories(String root, Set<String> known) {
    return ArchRuleDefinition.classes().that().resideInAPackage(root + "..")
        .should(new ArchCondition<>("use no other package's repository") {
          @Override
          public void check(JavaClass origin, ConditionEvents events) {
            if (origin.getPackageName().equals(root)) {
              return; // the composition root builds every repository
            }
            for (Dependency d : origin.getDirectDependenciesFromSelf()) {
              String edge = foreignRepositoryUse(d);
              if (edge != null && !known.contains(edge)) {
                events.add(SimpleConditionEvent.violated(d, d.getDescription()));
              }
            }
          }
        })
        .allowEmptyShould(true);
  }

  // --- helpers -----------------------------------------------------------------------------------

  private static String pkg(String name) {
    return ROOT + "." + name + "..";
  }

  /** One slice per package right under root; classes in root itself are the slice "application". */
  private static SliceAssignment topLevelPackages(String root) {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass c) {
        String pkg = c.getPackageName();
        if (pkg.equals(root)) {
          return SliceIdentifier.of("application");
        }
        if (!pkg.startsWith(root + ".")) {
          return SliceIdentifier.ignore();
        }
        String rest = pkg.substring(root.length() + 1);
        int dot = rest.indexOf('.');
        return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
      }

      @Override
      public String getDescription() {
        return "packages under " + root;
      }
    };
  }

  /** One slice per source file: a top-level class with its nested classes (none for knownPackages). */
  private static SliceAssignment topLevelClasses(String root, Set<String> knownPackages) {
    return new SliceAssignment() {
      @Override
      public SliceIdentifier getIdentifierOf(JavaClass c) {
        return c.getPackageName().startsWith(root) && !knownPackages.contains(topPackage(c))
            ? SliceIdentifier.of(topLevelName(c)) : SliceIdentifier.ignore();
      }

      @Override
      public String getDescription() {
        return "files under " + root;
      }
    };
  }

  private static String topLevelName(JavaClass c) {
    String name = c.getName();
    int nested = name.indexOf('$');
    return nested < 0 ? name : name.substring(0, nested);
  }

  /** Classes in se.samverkan.{name} or below; "application" is se.samverkan itself. */
  private static DescribedPredicate<JavaClass> inPackage(String name) {
    String pkg = name.equals("application") ? ROOT : ROOT + "." + name;
    return DescribedPredicate.describe("in " + pkg,
        c -> name.equals("application") ? c.getPackageName().equals(pkg)
            : c.getPackageName().equals(pkg) || c.getPackageName().startsWith(pkg + "."));
  }

  private static String topPackage(JavaClass c) {
    String pkg = c.getPackageName();
    if (pkg.equals(ROOT)) {
      return "application";
    }
    String rest = pkg.startsWith(ROOT + ".") ? pkg.substring(ROOT.length() + 1) : pkg;
    int dot = rest.indexOf('.');
    return dot < 0 ? rest : rest.substring(0, dot);
  }

  private static Set<String> packageEdges(JavaClasses classes) {
    Set<String> edges = new TreeSet<>();
    for (JavaClass c : classes) {
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        JavaClass t = d.getTargetClass();
        if (t.getPackageName().startsWith(ROOT) && !topPackage(c).equals(topPackage(t))) {
          edges.add(topPackage(c) + " -> " + topPackage(t));
        }
      }
    }
    return edges;
  }

  /** "origin -> repository" (names below se.samverkan) when d uses another package's repository. */
  private static String foreignRepositoryUse(Dependency d) {
    JavaClass origin = d.getOriginClass();
    JavaClass target = d.getTargetClass();
    String repository = topLevelName(target);
    if (!repository.endsWith("Repository") || target.getPackageName().equals(origin.getPackageName())
        || !repository.startsWith(ROOT + ".")) {
      return null;
    }
    return topLevelName(origin).substring(ROOT.length() + 1) + " -> " + repository.substring(ROOT.length() + 1);
  }

  private static Set<String> foreignRepositoryUses(String root, JavaClasses classes) {
    Set<String> uses = new TreeSet<>();
    for (JavaClass c : classes) {
      if (c.getPackageName().equals(root) || !c.getPackageName().startsWith(root)) {
        continue;
      }
      for (Dependency d : c.getDirectDependenciesFromSelf()) {
        String edge = foreignRepositoryUse(d);
        if (edge != null) {
          uses.add(edge);
        }
      }
    }
    return uses;
  }
}
