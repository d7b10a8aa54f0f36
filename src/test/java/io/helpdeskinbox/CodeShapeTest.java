package io.helpdeskinbox;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Shapes a reader can rely on, checked on the compiled classes and the sources: files short enough
 * to read whole, services with few collaborators, and HTTP spoken only at the edge.
 */
class CodeShapeTest {

    private static final Path SOURCES = Path.of("src", "main", "java");
    private static final int LONGEST_CLASS = 250;
    private static final int MOST_COLLABORATORS = 6;
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.helpdeskinbox");

    /**
     * The two adapters that carry a feature's traffic over HTTP beside its controller: the live
     * stream's response and the webhooks' requests. Everything the stream and the webhooks decide
     * stays outside them.
     */
    private static final Set<String> HTTP_ADAPTERS = Set.of(
            "io.helpdeskinbox.stream.internal.SseConnection",
            "io.helpdeskinbox.security.ConsoleSessions", // the HTTP session, holding its token
            "io.helpdeskinbox.webhooks.internal.WebhookHttpClient");

    @Test
    void noClassIsLongerThanAReaderTakesInAtOnce() throws IOException {
        Map<String, Long> tooLong = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                long lines;
                try (Stream<String> content = Files.lines(file)) {
                    lines = content.count();
                }
                if (lines > LONGEST_CLASS) {
                    tooLong.put(SOURCES.relativize(file).toString(), lines);
                }
            }
        }
        assertThat(tooLong).as("source files over %d lines", LONGEST_CLASS).isEmpty();
    }

    @Test
    void noServiceHasMoreThanSixCollaborators() {
        Map<String, Integer> crowded = new TreeMap<>();
        for (JavaClass bean : CLASSES) {
            if (!bean.isMetaAnnotatedWith(Component.class) || bean.isMetaAnnotatedWith(Configuration.class)) {
                continue;
            }
            for (JavaConstructor constructor : bean.getConstructors()) {
                int collaborators = constructor.getRawParameterTypes().size();
                if (collaborators > MOST_COLLABORATORS) {
                    crowded.put(bean.getName(), collaborators);
                }
            }
        }
        assertThat(crowded).as("beans with more than %d constructor parameters", MOST_COLLABORATORS).isEmpty();
    }

    /**
     * Aggregates, events, services and repositories do not speak HTTP: only the web module,
     * controllers, configuration, servlet filters and interceptors, and the two adapters above
     * import servlet or Spring Web types.
     */
    @Test
    void onlyTheEdgeSpeaksHttp() {
        noClasses().that(DescribedPredicate.not(atTheHttpEdge()))
                .should().dependOnClassesThat().resideInAnyPackage(
                        "jakarta.servlet..", "org.springframework.http..", "org.springframework.web..")
                .check(CLASSES);
    }

    private static DescribedPredicate<JavaClass> atTheHttpEdge() {
        return DescribedPredicate.describe("at the HTTP edge", type -> {
            JavaClass outer = outermost(type);
            return outer.getPackageName().startsWith("io.helpdeskinbox.web")
                    || HTTP_ADAPTERS.contains(outer.getName())
                    || outer.isMetaAnnotatedWith(Controller.class)
                    || outer.isMetaAnnotatedWith(RestControllerAdvice.class)
                    || outer.isMetaAnnotatedWith(Configuration.class)
                    || outer.getSimpleName().endsWith("Filters")
                    || outer.isAssignableTo(jakarta.servlet.Filter.class)
                    || outer.isAssignableTo(HandlerInterceptor.class);
        });
    }

    private static JavaClass outermost(JavaClass type) {
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }
}
