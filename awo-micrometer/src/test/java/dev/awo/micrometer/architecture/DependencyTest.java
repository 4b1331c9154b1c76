package dev.awo.micrometer.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("awo-micrometer's dependencies")
class DependencyTest {
  private static final JavaClasses MAIN = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.awo.micrometer");

  @Test
  @DisplayName("its main classes use only awo-spi, Micrometer, slf4j and the JDK")
  void onlySpiMicrometerSlf4jAndJdk() {
    classes().that().resideInAPackage("dev.awo.micrometer..")
        .should().onlyDependOnClassesThat().resideInAnyPackage(
            "dev.awo.micrometer..", "dev.awo.domain..", "dev.awo.spi..",
            "io.micrometer.observation..", "io.micrometer.core.instrument..", "io.micrometer.common..",
            "org.slf4j..", "java..")
        .because("an adapter depends on awo-spi only (DESIGN.md), plus its own engine")
        .check(MAIN);
  }

  @Test
  @DisplayName("it does not see awo-core")
  void notCore() {
    classes().that().resideInAPackage("dev.awo.micrometer..")
        .should().onlyDependOnClassesThat().resideOutsideOfPackage("dev.awo.core..")
        .check(MAIN);
  }
}
