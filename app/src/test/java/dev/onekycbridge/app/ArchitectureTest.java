package dev.onekycbridge.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import dev.onekycbridge.adapter.web.archfixture.ClassAskingForAnOwner;
import dev.onekycbridge.core.archfixture.CoreClassUsingVertx;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

    /**
     * The one class that reads file attributes named by a string:
     * {@link #theOneClassReadingAttributesByNameNamesNoOwnerOrGroup} checks the names it uses.
     */
    private static final String READS_ATTRIBUTES_BY_NAME = "dev.onekycbridge.adapter.web.UploadsDirectory";
    /** {@code view:name,…}, as Files.readAttributes and Files.getAttribute take them. */
    private static final Pattern ATTRIBUTE_NAMES = Pattern.compile(
            "(?:basic|posix|unix|dos|owner|acl|user):[A-Za-z*,]+");

    /**
     * A call to a method of this name made on any of these types. A call names the type it was made on, so each
     * subtype that inherits the method is named too (the JDK's types are not loaded: archunit.properties).
     */
    private static DescribedPredicate<JavaCall<?>> callOf(String method, Class<?>... madeOn) {
        Set<String> types = Arrays.stream(madeOn).map(Class::getName).collect(Collectors.toSet());
        return DescribedPredicate.describe(method + "() on any of " + types, call ->
                call.getName().equals(method) && types.contains(call.getTargetOwner().getName()));
    }

    static final ArchRule noCodeAsksForAFileOwnersName = noClasses()
            .should().callMethodWhere(callOf("owner", PosixFileAttributes.class))
            .orShould().callMethod(Files.class, "getOwner", Path.class, LinkOption[].class)
            .orShould().callMethodWhere(callOf("getOwner", FileOwnerAttributeView.class,
                    PosixFileAttributeView.class, AclFileAttributeView.class))
            .because("the JDK looks the owner's name up for each (getpwuid: /etc/passwd, or NSS, which may ask a"
                    + " directory server), and the uploads directory is checked on an event loop for every"
                    + " multipart request: owners are compared by uid (unix:uid)");

    static final ArchRule fileAttributesAreReadByNameOnlyWhereTheNamesAreChecked = noClasses().that()
            .doNotHaveFullyQualifiedName(READS_ATTRIBUTES_BY_NAME)
            .should().callMethod(Files.class, "readAttributes", Path.class, String.class, LinkOption[].class)
            .orShould().callMethod(Files.class, "getAttribute", Path.class, String.class, LinkOption[].class)
            .orShould().callMethod(FileSystemProvider.class, "readAttributes", Path.class, String.class,
                    LinkOption[].class)
            .because("a name such as unix:*, posix:owner or owner:owner reads the owner's (or group's) name, looked"
                    + " up as getOwner does it; UploadsDirectory reads unix:mode and unix:uid, which the names test"
                    + " holds it to");

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
    void theOwnerRulesFailOnEveryWayOfAskingForAFileOwner() {
        JavaClasses violating = new ClassFileImporter().importClasses(ClassAskingForAnOwner.class);

        List<String> violations = new ArrayList<>();
        violations.addAll(noCodeAsksForAFileOwnersName.evaluate(violating).getFailureReport().getDetails());
        violations.addAll(fileAttributesAreReadByNameOnlyWhereTheNamesAreChecked.evaluate(violating)
                .getFailureReport().getDetails());

        assertThat(violations).anyMatch(v -> v.contains("PosixFileAttributes.owner()"))
                .anyMatch(v -> v.contains("Files.getOwner("))
                .anyMatch(v -> v.contains("PosixFileAttributeView.getOwner()"))
                .anyMatch(v -> v.contains("AclFileAttributeView.getOwner()"));
        // Each of the fixture's methods asks in its own way: each must be caught.
        for (Method way : ClassAskingForAnOwner.class.getDeclaredMethods()) {
            assertThat(violations).as("a violation in %s", way.getName())
                    .anyMatch(v -> v.contains("ClassAskingForAnOwner." + way.getName() + "("));
        }
    }

    @Test
    void theOneClassReadingAttributesByNameNamesNoOwnerOrGroup() throws IOException {
        assertThat(attributeNames(READS_ATTRIBUTES_BY_NAME)).as("the names it reads")
                .contains("unix:uid");
        assertThat(namesAskingForAnOwner(READS_ATTRIBUTES_BY_NAME)).isEmpty();
        assertThat(namesAskingForAnOwner(ClassAskingForAnOwner.class.getName()))
                .as("the check finds such names").contains("unix:*", "posix:owner", "owner:owner");
    }

    /** Attribute names that read an owner's or a group's name: any view's all ({@code *}), owner, group or acl. */
    private static List<String> namesAskingForAnOwner(String className) throws IOException {
        return attributeNames(className).stream()
                .filter(names -> names.contains("*") || names.contains("owner") || names.contains("group")
                        || names.contains("acl"))
                .toList();
    }

    /** The {@code view:name,…} strings among a class's constants, read from its class file. */
    private static List<String> attributeNames(String className) throws IOException {
        String constants;
        try (InputStream in = ArchitectureTest.class.getClassLoader()
                .getResourceAsStream(className.replace('.', '/') + ".class")) {
            assertThat(in).as("the class file of %s", className).isNotNull();
            constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        List<String> names = new ArrayList<>();
        Matcher matcher = ATTRIBUTE_NAMES.matcher(constants);
        while (matcher.find()) {
            names.add(matcher.group());
        }
        return names;
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
