package io.tollgate.core;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The house plan of {@code docs/architecture.md}, enforced: the arrows between gateway-core's packages point one way
 * (server → features → shared → api), a feature never imports another feature, the shared packages import no feature,
 * and no two packages depend on each other (sub-packages count with their top-level package).
 */
class ArchitectureTest {

    /** Shared by the features: the model, the exchange and its contracts, and what several features build. */
    static final List<String> SHARED = List.of("api", "routing", "pipeline", "response", "mapping", "event", "nonproxy",
            "redis", "openapi");

    /** One concern each, composed by {@code server}. */
    static final List<String> FEATURES = List.of("auth", "cache", "cors", "edge", "function", "integration",
            "observability", "policy", "usage", "validation", "websocket");

    /** The composition root and the transports. */
    static final String SERVER = "server";

    private static final JavaClasses CORE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tollgate.core");

    static Stream<String> features() {
        return FEATURES.stream();
    }

    @ParameterizedTest
    @MethodSource("features")
    void aFeatureImportsNoOtherFeatureAndNotTheServer(String feature) {
        String[] others = Stream.concat(FEATURES.stream().filter(f -> !f.equals(feature)), Stream.of(SERVER))
                .map(ArchitectureTest::pkg).toArray(String[]::new);
        noClasses().that().resideInAPackage(pkg(feature))
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("a feature uses only the shared packages; what two features share moves to one of them")
                .check(CORE);
    }

    /** The model split by feature: each feature's model, builder and checks in {@code api.<feature>}. */
    static final List<String> MODEL_FEATURES = List.of("auth", "cache", "cors", "integration", "policy", "usage",
            "validation");

    static Stream<String> modelFeatures() {
        return MODEL_FEATURES.stream();
    }

    @ParameterizedTest
    @MethodSource("modelFeatures")
    void aFeaturesModelUsesOnlyTheCommonModel(String feature) {
        String[] others = MODEL_FEATURES.stream().filter(f -> !f.equals(feature))
                .map(f -> "io.tollgate.core.api." + f + "..").toArray(String[]::new);
        noClasses().that().resideInAPackage("io.tollgate.core.api." + feature + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because("a feature's model (api.<feature>) builds on the common model (api) alone")
                .check(CORE);
    }

    @Test
    void theModelIsSplitByFeature() {
        assertThat(CORE.stream().map(c -> c.getPackageName()).filter(p -> p.startsWith("io.tollgate.core.api."))
                .map(p -> p.substring("io.tollgate.core.api.".length()).split("\\.")[0]).distinct())
                .as("a new api.<feature> package is listed in MODEL_FEATURES here, and in docs/architecture.md")
                .allMatch(MODEL_FEATURES::contains);
    }

    @Test
    void theBuilderNamesNoFeature() {
        noClasses().that().haveFullyQualifiedName("io.tollgate.core.server.GatewayBuilder")
                .or().haveFullyQualifiedName("io.tollgate.core.server.Gateway")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES.stream().map(ArchitectureTest::pkg)
                        .toArray(String[]::new))
                .because("features contribute (GatewayFeature) and the builder composes; the defaults of a plain-Java"
                        + " gateway are listed in DefaultFeatures")
                .check(CORE);
    }

    @Test
    void theCompiledGatewayKnowsNoTransport() {
        noClasses().that().resideInAPackage("io.tollgate.core.server")
                .should().dependOnClassesThat().resideInAnyPackage("io.tollgate.core.server.netty..",
                        "reactor.netty.http.server..")
                .because("the transports adapt to the gateway (server.netty, the starter's webflux), never the reverse")
                .check(CORE);
    }

    @Test
    void theSharedPackagesImportNoFeatureAndNotTheServer() {
        sharedImportsNoFeature().check(CORE);
    }

    @Test
    void thePackagesHaveNoCycles() {
        slices().matching("io.tollgate.core.(*)..").should().beFreeOfCycles().check(CORE);
    }

    @Test
    void everyPackageIsPlaced() {
        List<String> placed = Stream.concat(Stream.concat(SHARED.stream(), FEATURES.stream()), Stream.of(SERVER)).toList();
        assertThat(CORE.stream().map(c -> c.getPackageName().substring("io.tollgate.core.".length()).split("\\.")[0])
                .distinct()).as("a new package is placed in SHARED or FEATURES here, and in docs/architecture.md")
                .allMatch(placed::contains);
    }

    @Test
    void theRulesCatchAForbiddenImport() {
        // the shared rule run on a class that breaks it: a pipeline class importing a feature fails the build
        JavaClasses offending = new ClassFileImporter().importClasses(OffendingPipelineClass.class,
                io.tollgate.core.cors.CorsStepFactory.class);
        assertThatThrownBy(() -> noClasses().that().resideInAPackage("io.tollgate.core..")
                .and().haveSimpleName("OffendingPipelineClass")
                .should().dependOnClassesThat().resideInAnyPackage(FEATURES.stream().map(ArchitectureTest::pkg)
                        .toArray(String[]::new)).check(offending))
                .isInstanceOf(AssertionError.class).hasMessageContaining("CorsStepFactory");
    }

    private static ArchRule sharedImportsNoFeature() {
        String[] forbidden = Stream.concat(FEATURES.stream(), Stream.of(SERVER)).map(ArchitectureTest::pkg)
                .toArray(String[]::new);
        return noClasses().that().resideInAnyPackage(SHARED.stream().map(ArchitectureTest::pkg).toArray(String[]::new))
                .should().dependOnClassesThat().resideInAnyPackage(forbidden)
                .because("the model, the exchange and the shared shapes know no feature");
    }

    private static String pkg(String name) {
        return "io.tollgate.core." + name + "..";
    }

    /** Stands for a shared class that imports a feature (it lives in the test tree, so CORE never sees it). */
    static final class OffendingPipelineClass {
        io.tollgate.core.cors.CorsStepFactory feature;
    }
}
