package dev.awo.examples.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The hexagon of DESIGN.md, enforced: awo-spi depends on nothing of ours; awo-core and every adapter
 * (git, claude, github, store-jdbc) depend on awo-spi only; no adapter depends on awo-core or another
 * adapter; awo-testkit sees awo-spi and awo-core (public API) only, and no library module depends on
 * it; awo-temporal depends on awo-spi, awo-core and Temporal only, and only hosts and the examples
 * depend on it; awo-http (what HTTP hosts share) sees awo-spi, awo-core and Jackson only, and only
 * hosts depend on it; only awo-examples sees everything. Lives here because this is the module whose classpath
 * holds every module.
 */
@DisplayName("Module dependency rule")
class DependencyRuleTest {
  private static final String SPI = "dev.awo.spi..";
  private static final String DOMAIN = "dev.awo.domain..";
  private static final String CORE = "dev.awo.core..";
  private static final String GIT = "dev.awo.git..";
  private static final String CLAUDE = "dev.awo.claude..";
  private static final String GITHUB = "dev.awo.github..";
  private static final String STORE = "dev.awo.store..";
  private static final String TESTKIT = "dev.awo.testkit..";
  private static final String MICROMETER = "dev.awo.micrometer..";
  private static final String EXAMPLES = "dev.awo.examples..";
  private static final String TEMPORAL = "dev.awo.temporal..";
  /** The engine seam of awo-core's machinery that awo-temporal reuses (same compiler, node semantics, recording). */
  private static final String[] ENGINE_SEAM = {"EngineParts", "RunServices", "RunFactory", "RunParts", "RunControl",
      "WorkOrderState", "HistoryRecorder", "RunEvents", "RunSandbox", "NodeExecutor", "DagState", "DagRunner", "Intake",
      "RunEntry", "RunRegistry", "KeptSandboxes", "FollowUps", "HistoryReplay"};
  private static final String HTTP = "dev.awo.http..";
  private static final String SPRING = "dev.awo.spring..";

  private static JavaClasses production;

  @BeforeAll
  static void importClasses() {
    production = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(location -> !location.contains("-tests.jar"))
        .importPackages("dev.awo");
  }

  private static void check(ArchRule rule) {
    rule.allowEmptyShould(true).check(production);
  }

  @Test
  @DisplayName("awo-spi (domain and ports) depends on nothing of ours outside itself")
  void spiDependsOnNothingOfOurs() {
    check(noClasses().that().resideInAnyPackage(SPI, DOMAIN)
        .should().dependOnClassesThat().resideInAnyPackage(CORE, GIT, CLAUDE, GITHUB, STORE, TESTKIT, MICROMETER, TEMPORAL, EXAMPLES, HTTP));
  }

  @Test
  @DisplayName("awo-core depends on no adapter, not on the testkit and not on the examples")
  void coreDependsOnSpiOnly() {
    check(noClasses().that().resideInAPackage(CORE)
        .should().dependOnClassesThat().resideInAnyPackage(GIT, CLAUDE, GITHUB, STORE, TESTKIT, MICROMETER, TEMPORAL, EXAMPLES, HTTP));
  }

  @Test
  @DisplayName("the JDBC store depends on awo-spi only: neither awo-core, nor another adapter, nor the testkit")
  void storeIsolated() {
    check(noClasses().that().resideInAPackage(STORE)
        .should().dependOnClassesThat().resideInAnyPackage(CORE, GIT, CLAUDE, GITHUB, TESTKIT, MICROMETER, TEMPORAL, EXAMPLES, HTTP));
  }

  @Test
  @DisplayName("awo-testkit depends on awo-spi and awo-core only, never on an adapter or the examples")
  void testkitSeesSpiAndCoreOnly() {
    check(noClasses().that().resideInAPackage(TESTKIT)
        .should().dependOnClassesThat().resideInAnyPackage(GIT, CLAUDE, GITHUB, STORE, MICROMETER, TEMPORAL, EXAMPLES, HTTP));
  }

  @Test
  @DisplayName("awo-micrometer depends on awo-spi only: neither awo-core, nor an adapter, nor the testkit")
  void micrometerIsolated() {
    check(noClasses().that().resideInAPackage(MICROMETER)
        .should().dependOnClassesThat().resideInAnyPackage(CORE, GIT, CLAUDE, GITHUB, STORE, TESTKIT, TEMPORAL, EXAMPLES, HTTP));
  }

  @Test
  @DisplayName("awo-micrometer adds only Micrometer to what the library uses")
  void micrometerUsesOnlyMicrometerBesides() {
    check(classes().that().resideInAPackage(MICROMETER)
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.slf4j..", "com.fasterxml.jackson..",
            "io.micrometer..", "dev.awo..", ""));
  }

  @Test
  @DisplayName("the git adapter depends on neither awo-core nor another adapter")
  void gitAdapterIsolated() {
    check(noClasses().that().resideInAPackage(GIT)
        .should().dependOnClassesThat().resideInAnyPackage(CORE, CLAUDE, GITHUB, STORE, TESTKIT, MICROMETER, TEMPORAL, EXAMPLES, HTTP));
  }

  @Test
  @DisplayName("the Claude adapter depends on neither awo-core nor another adapter")
  void claudeAdapterIsolated() {
    check(noClasses().that().resideInAPackage(CLAUDE)
        .should().dependOnClassesThat().resideInAnyPackage(CORE, GIT, GITHUB, STORE, TESTKIT, MICROMETER, TEMPORAL, EXAMPLES, HTTP));
  }

  @Test
  @DisplayName("the GitHub adapter depends on neither awo-core nor another adapter")
  void githubAdapterIsolated() {
    check(noClasses().that().resideInAPackage(GITHUB)
        .should().dependOnClassesThat().resideInAnyPackage(CORE, GIT, CLAUDE, STORE, TESTKIT, MICROMETER, TEMPORAL, EXAMPLES, HTTP));
  }

  @Test
  @DisplayName("library code uses only the JDK, SLF4J and Jackson from outside")
  void onlyAllowedThirdPartyDependencies() {
    check(classes().that().resideInAnyPackage(SPI, DOMAIN, CORE, GIT, CLAUDE, GITHUB, STORE)
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "javax.annotation..", "javax.sql..",
            "org.slf4j..", "com.fasterxml.jackson..", "dev.awo..", ""));
  }

  @Test
  @DisplayName("awo-testkit adds only JUnit Jupiter's API to what the library uses")
  void testkitUsesOnlyJUnitBesides() {
    check(classes().that().resideInAPackage(TESTKIT)
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.slf4j..", "com.fasterxml.jackson..",
            "org.junit.jupiter.api..", "org.opentest4j..", "dev.awo..", ""));
  }

  @Test
  @DisplayName("awo-http depends on awo-spi and awo-core only: no adapter, not the testkit, no host")
  void httpSeesSpiAndCoreOnly() {
    check(noClasses().that().resideInAPackage(HTTP)
        .should().dependOnClassesThat().resideInAnyPackage(GIT, CLAUDE, GITHUB, STORE, TESTKIT, MICROMETER, TEMPORAL, EXAMPLES,
            SPRING, "dev.awo.core.internal.."));
  }

  @Test
  @DisplayName("awo-http adds nothing but Jackson to the JDK (no server, no framework)")
  void httpUsesOnlyJackson() {
    check(classes().that().resideInAPackage(HTTP)
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "com.fasterxml.jackson..", "dev.awo..", ""));
  }

  @Test
  @DisplayName("only hosts (the example host, the Spring Boot starter) depend on awo-http")
  void onlyHostsDependOnHttp() {
    check(noClasses().that().resideOutsideOfPackages(HTTP, EXAMPLES, SPRING)
        .should().dependOnClassesThat().resideInAPackage(HTTP));
  }

  @Test
  @DisplayName("the orchestrator's internals are used only inside awo-core, and by awo-temporal through the engine seam only")
  void coreInternalsStayInCore() {
    check(noClasses().that().resideOutsideOfPackages(CORE, TEMPORAL)
        .should().dependOnClassesThat().resideInAPackage("dev.awo.core.internal.."));
    String[] seam = java.util.Arrays.stream(ENGINE_SEAM).map(n -> "dev.awo.core.internal." + n).toArray(String[]::new);
    check(noClasses().that().resideInAPackage(TEMPORAL)
        .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe("core internals outside the engine seam",
            c -> c.getPackageName().equals("dev.awo.core.internal")
                && java.util.Arrays.stream(seam).noneMatch(n -> c.getName().equals(n) || c.getName().startsWith(n + "$")))));
  }

  @Test
  @DisplayName("awo-temporal depends on awo-spi and awo-core only: no adapter, store, testkit, micrometer or examples")
  void temporalSeesSpiAndCoreOnly() {
    check(noClasses().that().resideInAPackage(TEMPORAL)
        .should().dependOnClassesThat().resideInAnyPackage(GIT, CLAUDE, GITHUB, STORE, TESTKIT, MICROMETER, EXAMPLES));
  }

  @Test
  @DisplayName("awo-temporal adds only Temporal's SDK to what the library uses")
  void temporalUsesOnlyTemporalBesides() {
    check(classes().that().resideInAPackage(TEMPORAL)
        .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "org.slf4j..", "io.temporal..", "dev.awo..", ""));
  }

  @Test
  @DisplayName("an adapter's internals are used only inside that adapter")
  void adapterInternalsStayInTheirAdapter() {
    check(noClasses().that().resideOutsideOfPackage(GIT).should().dependOnClassesThat().resideInAPackage("dev.awo.git.internal.."));
    check(noClasses().that().resideOutsideOfPackage(CLAUDE).should().dependOnClassesThat().resideInAPackage("dev.awo.claude.internal.."));
    check(noClasses().that().resideOutsideOfPackage(GITHUB).should().dependOnClassesThat().resideInAPackage("dev.awo.github.internal.."));
  }

  @Test
  @DisplayName("the rules see every module's classes (a rule over nothing proves nothing)")
  void everyModuleIsOnTheClasspath() {
    for (String pkg : new String[] {"dev.awo.domain", "dev.awo.spi", "dev.awo.core", "dev.awo.git", "dev.awo.claude",
        "dev.awo.github", "dev.awo.store.jdbc", "dev.awo.testkit", "dev.awo.micrometer", "dev.awo.temporal", "dev.awo.http", "dev.awo.examples"}) {
      org.junit.jupiter.api.Assertions.assertTrue(
          production.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)), "no classes imported from " + pkg);
    }
  }
}
