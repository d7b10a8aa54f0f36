package io.helpdeskinbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The module map is a test. Each direct sub-package of {@code io.helpdeskinbox} is a module; each
 * states the modules it may use ({@code @ApplicationModule(allowedDependencies = ...)} in its
 * {@code package-info.java}), and the build fails on a dependency it did not state, on a cycle, or
 * on a module reaching into what another keeps in a sub-package. The diagram in {@code docs/modules}
 * is drawn from the same map, by the build.
 */
class ModularityTests {

    private static final ApplicationModules MODULES = ApplicationModules.of(InboxApplication.class);
    private static final Path DIAGRAMS = Path.of("docs", "modules");
    private static final Path MAP = DIAGRAMS.resolve("components.puml");

    @Test
    void modulesUseOnlyTheModulesTheyStateWithoutCyclesThroughTheirPublicSurface() {
        MODULES.verify();
    }

    /**
     * Redraws the diagrams; a map that changed without its diagram being committed fails the build
     * once, with the new diagram written, so the commit that changes the map carries its picture.
     */
    @Test
    void theModuleDiagramInDocsIsTheMapTheBuildVerifies() throws IOException {
        List<String> committed = Files.exists(MAP) ? lines(MAP) : List.of();
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(DIAGRAMS.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
        assertThat(lines(MAP))
                .as("docs/modules/components.puml was redrawn from the module map: commit it")
                .isEqualTo(committed);
    }

    /** The diagram's lines in order: the relations come out in an order that changes from run to run. */
    private static List<String> lines(Path diagram) throws IOException {
        return Files.readAllLines(diagram).stream().sorted().toList();
    }
}
