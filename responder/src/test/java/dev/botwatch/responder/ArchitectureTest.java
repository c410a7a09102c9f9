package dev.botwatch.responder;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Packages follow the reason to change and depend one way: no cycles between them, the core never
 * knows about HTTP (only {@code http} and the wiring in the root package touch Vert.x), and the
 * store knows the model, nothing of the policy or the engine that use it.
 */
class ArchitectureTest {
  static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("dev.botwatch.responder");

  @Test
  void noPackageCycles() {
    slices().matching("dev.botwatch.responder.(**)").should().beFreeOfCycles().check(CLASSES);
  }

  @Test
  void theCoreDoesNotImportVertx() {
    noClasses()
        .that()
        .resideInAPackage("dev.botwatch.responder.*..")
        .and()
        .resideOutsideOfPackage("dev.botwatch.responder.http..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.vertx..")
        .check(CLASSES);
  }

  @Test
  void theStoreKnowsOnlyTheModel() {
    noClasses()
        .that()
        .resideInAPackage("dev.botwatch.responder.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.botwatch.responder.policy..",
            "dev.botwatch.responder.engine..",
            "dev.botwatch.responder.action..",
            "dev.botwatch.responder.config..",
            "dev.botwatch.responder.notice..",
            "dev.botwatch.responder.http..")
        .check(CLASSES);
  }

  @Test
  void theModelDependsOnNothingOfTheResponder() {
    classes()
        .that()
        .resideInAPackage("dev.botwatch.responder.model..")
        .should()
        .onlyDependOnClassesThat()
        .resideInAnyPackage("dev.botwatch.responder.model..", "java..")
        .check(CLASSES);
  }
}
