package dev.onekycbridge.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import dev.onekycbridge.adapter.web.archfixture.ClassAskingForAnOwner;
import dev.onekycbridge.core.archfixture.CoreClassUsingVertx;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The module boundaries of design.md §1, and one rule on calls, checked on the main classes of every module. Each
 * rule is a field and runs as its own test.
 */
class ArchitectureTest {
    /** Main classes only: neither test folders nor test jars (the core's test-jar is on this classpath). */
    private static final ImportOption MAIN_CLASSES_ONLY = location -> !location.contains("-tests.jar")
            && new ImportOption.DoNotIncludeTests().includes(location);
    /** Each module's own classes, found from one class of each: faster than scanning the whole classpath. */
    private static final JavaClasses ALL = new ClassFileImporter()
            .withImportOption(MAIN_CLASSES_ONLY)
            .importLocations(Stream.of(dev.onekycbridge.core.submission.Submission.class,
                            dev.onekycbridge.adapter.onekyc.OneKycClient.class,
                            dev.onekycbridge.adapter.persistence.PersistenceAdapter.class,
                            dev.onekycbridge.adapter.web.BridgeWebServer.class,
                            dev.onekycbridge.sandbox.SandboxServer.class, Main.class)
                    .map(ArchitectureTest::location).toList());

    private static Location location(Class<?> type) {
        try {
            return Location.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final String CORE = "dev.onekycbridge.core..";
    private static final String ONEKYC = "dev.onekycbridge.adapter.onekyc..";
    private static final String PERSISTENCE = "dev.onekycbridge.adapter.persistence..";
    private static final String WEB = "dev.onekycbridge.adapter.web..";
    private static final String SANDBOX = "dev.onekycbridge.sandbox..";
    private static final String APP = "dev.onekycbridge.app..";

    static final ArchRule coreDependsOnTheJdkAlone = classes().that().resideInAPackage(CORE)
            .should().onlyDependOnClassesThat().resideInAnyPackage("java..", CORE)
            .because("the core is embedded in any JVM application and must not drag a framework along");

    static final ArchRule httpClientLibrariesStayInTheOneKycAdapter = noClasses().that()
            .resideOutsideOfPackage(ONEKYC)
            .should().dependOnClassesThat().resideInAnyPackage("retrofit2..", "okhttp3..", "okio..",
                    "com.squareup.moshi..")
            .because("all knowledge of the platform's wire protocol lives in one module");

    static final ArchRule databaseAccessStaysInThePersistenceAdapter = noClasses().that()
            .resideOutsideOfPackage(PERSISTENCE)
            .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "java.sql..", "javax.sql..",
                    "org.sqlite..", "org.postgresql..", "com.zaxxer..")
            .because("only the store knows there is a database, so it can be swapped");

    static final ArchRule vertxStaysInTheWebAdapterTheSandboxAndTheApp = noClasses().that()
            .resideOutsideOfPackages(WEB, SANDBOX, APP)
            .should().dependOnClassesThat().resideInAnyPackage("io.vertx..", "io.netty..")
            .because("HTTP serving is an adapter's concern, not the domain's or the client's");

    static final ArchRule theOneKycAdapterDependsOnNoOtherAdapter = noClasses().that().resideInAPackage(ONEKYC)
            .should().dependOnClassesThat().resideInAnyPackage(PERSISTENCE, WEB, SANDBOX, APP)
            .because("adapters meet only through the core's ports");

    static final ArchRule thePersistenceAdapterDependsOnNoOtherAdapter = noClasses().that()
            .resideInAPackage(PERSISTENCE)
            .should().dependOnClassesThat().resideInAnyPackage(ONEKYC, WEB, SANDBOX, APP)
            .because("adapters meet only through the core's ports");

    static final ArchRule theWebAdapterDependsOnNoOtherAdapter = noClasses().that().resideInAPackage(WEB)
            .should().dependOnClassesThat().resideInAnyPackage(ONEKYC, PERSISTENCE, SANDBOX, APP)
            .because("the web adapter knows HTTP, not the platform or the database");

    static final ArchRule theSandboxDependsOnNoModuleOfOurs = noClasses().that().resideInAPackage(SANDBOX)
            .should().dependOnClassesThat().resideInAnyPackage(CORE, "dev.onekycbridge.adapter..", APP)
            .because("if the emulator shared code with the client they would share bugs, and tests would pass on both");

    static final ArchRule nothingDependsOnTheApp = noClasses().that().resideOutsideOfPackage(APP)
            .should().dependOnClassesThat().resideInAPackage(APP)
            .because("the app is the composition root: it wires everything and nothing wires it");

    static final ArchRule adaptersReachTheCoreOnlyThroughItsModelAndPorts = noClasses().that()
            .resideInAPackage("dev.onekycbridge.adapter..")
            .should().dependOnClassesThat().resideInAPackage("dev.onekycbridge.core.service..")
            .because("use cases are reached through their ports, so an adapter never depends on how they work");

    static final ArchRule modulesAreFreeOfCycles = slices().matching("dev.onekycbridge.(*)..")
            .should().beFreeOfCycles()
            .because("a cycle between modules makes them one module");

    static final ArchRule corePackagesAreFreeOfCycles = slices().matching("dev.onekycbridge.core.(*)..")
            .should().beFreeOfCycles()
            .because("the core's packages layer: values, aggregate, ports, services");

    static final ArchRule adapterPackagesAreFreeOfCycles = slices().matching("dev.onekycbridge.adapter.(*)..")
            .should().beFreeOfCycles()
            .because("each adapter stands alone");

    static final ArchRule noCodeAsksForAFileOwnersName = noClasses()
            .should().callMethod(PosixFileAttributes.class, "owner")
            .orShould().callMethod(Files.class, "getOwner", Path.class, LinkOption[].class)
            .orShould().callMethod(FileOwnerAttributeView.class, "getOwner")
            .because("the JDK looks the owner's name up for each (getpwuid: /etc/passwd, or NSS, which may ask a"
                    + " directory server), and the uploads directory is checked on an event loop for every"
                    + " multipart request: owners are compared by uid (unix:uid)");

    @TestFactory
    Stream<DynamicTest> everyRuleHoldsForTheWholeCodebase() {
        return Arrays.stream(ArchitectureTest.class.getDeclaredFields())
                .filter(field -> Modifier.isStatic(field.getModifiers()) && field.getType() == ArchRule.class)
                .map(field -> DynamicTest.dynamicTest(field.getName(), () -> rule(field).check(ALL)));
    }

    private static ArchRule rule(Field field) throws IllegalAccessException {
        return (ArchRule) field.get(null);
    }

    @Test
    void theCoreRuleFailsOnACoreClassThatUsesAFramework() {
        JavaClasses violating = new ClassFileImporter().importClasses(CoreClassUsingVertx.class);

        assertThatThrownBy(() -> coreDependsOnTheJdkAlone.check(violating))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("CoreClassUsingVertx")
                .hasMessageContaining("io.vertx.core.json.JsonObject");
    }

    @Test
    void theOwnerRuleFailsOnAClassThatAsksForAFileOwner() {
        JavaClasses violating = new ClassFileImporter().importClasses(ClassAskingForAnOwner.class);

        assertThatThrownBy(() -> noCodeAsksForAFileOwnersName.check(violating))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("PosixFileAttributes.owner()")
                .hasMessageContaining("Files.getOwner(");
    }

    @Test
    void theRulesSeeTheClassesOfEveryModule() {
        assertThat(ALL.stream().map(c -> c.getPackageName()))
                .anyMatch(p -> p.startsWith("dev.onekycbridge.core"))
                .anyMatch(p -> p.startsWith("dev.onekycbridge.adapter.onekyc"))
                .anyMatch(p -> p.startsWith("dev.onekycbridge.adapter.persistence"))
                .anyMatch(p -> p.startsWith("dev.onekycbridge.adapter.web"))
                .anyMatch(p -> p.startsWith("dev.onekycbridge.sandbox"))
                .anyMatch(p -> p.startsWith("dev.onekycbridge.app"));
    }
}
