package io.akshybrid.gateway.architecture;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The package graph runs one way: the HTTP surface ({@code api}) on top, the failure kinds at the
 * bottom, and no cycle between concerns anywhere. A change that breaks it fails the build. (Plain
 * Jupiter tests calling ArchUnit's rules: the build runs them like any other test.)
 */
class ArchitectureTest {

    static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.akshybrid.gateway");

    @Test
    void givenTheMainClasses_whenTheirPackagesAreSliced_thenNoTwoConcernsDependOnEachOther() {
        slices().matching("io.akshybrid.gateway.(*)..")
                .should()
                .beFreeOfCycles()
                .check(MAIN);
    }

    @Test
    void givenTheHttpSurface_whenOtherPackagesAreChecked_thenNoneImportsIt() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.akshybrid.gateway.api..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.akshybrid.gateway.api..")
                .check(MAIN);
    }

    @Test
    void givenTheFailureKinds_whenChecked_thenTheyDependOnNoOtherConcern() {
        noClasses()
                .that()
                .resideInAPackage("io.akshybrid.gateway.failure..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.akshybrid.gateway..")
                        .and(resideOutsideOfPackage("io.akshybrid.gateway.failure..")))
                .check(MAIN);
    }

    @Test
    void givenCodeBelowTheEndpoints_whenChecked_thenItKnowsNothingOfJaxRs() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.akshybrid.gateway.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("jakarta.ws.rs..")
                .check(MAIN);
    }
}
