package dev.awo.spring.boot.autoconfigure;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The starter wires awo through its public API only: no internal package of any module. */
class PublicApiOnlyTest {
  private final JavaClasses starter = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.awo.spring.boot");

  @Test
  void theStarterUsesNoInternalPackageOfAwo() {
    noClasses().should().dependOnClassesThat().resideInAnyPackage("dev.awo.core.internal..", "dev.awo.spi.internal..",
        "dev.awo.claude.internal..", "dev.awo.git.internal..", "dev.awo.github.internal..", "dev.awo.store.jdbc.internal..",
        "dev.awo.micrometer.internal..").check(starter);
  }
}
