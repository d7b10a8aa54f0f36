package io.helpdeskinbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
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

    @Test
    void modulesUseOnlyTheModulesTheyStateWithoutCyclesThroughTheirPublicSurface() {
        MODULES.verify();
    }

    /**
     * Draws the diagrams into {@code target/}; when one differs from its committed copy in
     * {@code docs/modules} (compared line by line, in any order: the relations come out in an order
     * that changes from run to run), the new ones are written there and the build fails once, so the
     * commit that changes the map carries its picture.
     */
    @Test
    void theModuleDiagramsInDocsAreTheMapTheBuildVerifies() throws IOException {
        Path drawn = Path.of("target", "module-diagrams");
        new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder(drawn.toString()))
                .writeModulesAsPlantUml()
                .writeIndividualModulesAsPlantUml();
        List<String> stale = new ArrayList<>();
        try (Stream<Path> diagrams = Files.list(drawn)) {
            for (Path diagram : diagrams.filter(file -> file.toString().endsWith(".puml")).sorted().toList()) {
                Path committed = DIAGRAMS.resolve(diagram.getFileName());
                if (!Files.exists(committed) || !lines(committed).equals(lines(diagram))) {
                    Files.createDirectories(DIAGRAMS);
                    Files.copy(diagram, committed, StandardCopyOption.REPLACE_EXISTING);
                    stale.add(committed.toString());
                }
            }
        }
        assertThat(stale).as("redrawn from the module map: commit them").isEmpty();
    }

    /** A diagram's lines, sorted. */
    private static List<String> lines(Path diagram) throws IOException {
        return Files.readAllLines(diagram).stream().sorted().toList();
    }
}
