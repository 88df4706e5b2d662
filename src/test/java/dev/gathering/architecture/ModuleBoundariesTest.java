package dev.gathering.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layout as rules, for every package there is and every one added later (no list of features here):
 * <ul>
 *   <li>{@code dev.gathering.platform..} is plumbing and depends on no feature;</li>
 *   <li>a feature is a package {@code dev.gathering.<feature>} with its sub-packages; it uses another feature only
 *       through the public types of that feature's own package (its services, ports and records): never a repository,
 *       a controller, a package-private type or anything in a sub-package (the feature's internals);</li>
 *   <li>a table is written by one feature only;</li>
 *   <li>every package has a {@code package-info.java}.</li>
 * </ul>
 */
class ModuleBoundariesTest {

    private static final String ROOT = "dev.gathering";
    private static final String PLATFORM = ROOT + ".platform";

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void platformDependsOnNoFeature() {
        classes().that().resideInAPackage(PLATFORM + "..").should(onlyUsePlatformOrOutsideCode()).check(classes);
    }

    @Test
    void featuresUseEachOtherOnlyThroughTheirPublicServicesPortsAndRecords() {
        classes().that().resideInAPackage(ROOT + "..").and().resideOutsideOfPackage(PLATFORM + "..")
                .should(useOtherFeaturesThroughTheirApiOnly()).check(classes);
    }

    private static final java.util.regex.Pattern WRITE = java.util.regex.Pattern.compile(
            "(?i)\\b(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+([a-z_]+\\.[a-z_]+)");

    /**
     * A table is written by one feature only (its owner): another feature changes it through the owner's service or a
     * port the owner fills. Read from the SQL in the sources of each feature.
     */
    @Test
    void everyTableIsWrittenByOneFeature() throws java.io.IOException {
        java.nio.file.Path sources = java.nio.file.Path.of("src/main/java/dev/gathering");
        java.util.Map<String, java.util.Set<String>> writers = new java.util.TreeMap<>();
        try (var files = java.nio.file.Files.walk(sources)) {
            for (java.nio.file.Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                java.nio.file.Path relative = sources.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue;
                }
                String feature = relative.getName(0).toString();
                if (feature.equals("platform")) {
                    feature = "platform." + relative.getName(1);
                }
                java.util.regex.Matcher matcher = WRITE.matcher(java.nio.file.Files.readString(file));
                while (matcher.find()) {
                    writers.computeIfAbsent(matcher.group(1).toLowerCase(java.util.Locale.ROOT),
                            table -> new java.util.TreeSet<>()).add(feature);
                }
            }
        }
        java.util.Map<String, java.util.Set<String>> shared = new java.util.TreeMap<>(writers);
        shared.values().removeIf(features -> features.size() < 2);
        org.assertj.core.api.Assertions.assertThat(shared).as("tables written by more than one feature").isEmpty();
        org.assertj.core.api.Assertions.assertThat(writers).isNotEmpty();
    }

    /** Every package says what it is for (the house rule), new ones included. */
    @Test
    void everyPackageHasAPackageInfo() throws java.io.IOException {
        java.nio.file.Path sources = java.nio.file.Path.of("src/main/java");
        try (var files = java.nio.file.Files.walk(sources)) {
            java.util.List<String> missing = files.filter(java.nio.file.Files::isDirectory)
                    .filter(directory -> hasJava(directory) && !java.nio.file.Files.exists(directory.resolve("package-info.java")))
                    .map(directory -> sources.relativize(directory).toString().replace('/', '.'))
                    .toList();
            org.assertj.core.api.Assertions.assertThat(missing).as("packages without package-info.java").isEmpty();
        }
    }

    private static boolean hasJava(java.nio.file.Path directory) {
        try (var entries = java.nio.file.Files.list(directory)) {
            return entries.anyMatch(file -> file.toString().endsWith(".java"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The feature a class belongs to ({@code agent} for {@code dev.gathering.agent.x.Y}), or null outside features. */
    static String feature(JavaClass type) {
        String name = type.getPackageName();
        if (!name.startsWith(ROOT + ".")) {
            return null;
        }
        String rest = name.substring(ROOT.length() + 1);
        int dot = rest.indexOf('.');
        String feature = dot < 0 ? rest : rest.substring(0, dot);
        return feature.equals("platform") ? null : feature;
    }

    private static ArchCondition<JavaClass> onlyUsePlatformOrOutsideCode() {
        return new ArchCondition<>("depend on no feature") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass().getBaseComponentType();
                    if (feature(target) != null) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                    }
                }
            }
        };
    }

    private static ArchCondition<JavaClass> useOtherFeaturesThroughTheirApiOnly() {
        return new ArchCondition<>("use other features only through the public services, ports and records of their "
                + "own package") {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                String own = feature(item);
                for (Dependency dependency : item.getDirectDependenciesFromSelf()) {
                    JavaClass target = dependency.getTargetClass().getBaseComponentType();
                    String other = feature(target);
                    if (other == null || other.equals(own)) {
                        continue;
                    }
                    String why = internal(target, other);
                    if (why != null) {
                        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription() + " (" + why + ")"));
                    }
                }
            }
        };
    }

    /** Why {@code target} is internal to its feature, or null when other features may use it. */
    private static String internal(JavaClass target, String feature) {
        JavaClass outermost = target;
        while (outermost.getEnclosingClass().isPresent()) {
            if (!outermost.getModifiers().contains(JavaModifier.PUBLIC)) {
                return "not public";
            }
            outermost = outermost.getEnclosingClass().get();
        }
        if (!target.getPackageName().equals(ROOT + "." + feature)) {
            return "in a sub-package of " + feature;
        }
        if (!outermost.getModifiers().contains(JavaModifier.PUBLIC)) {
            return "not public";
        }
        if (outermost.getSimpleName().endsWith("Repository")
                || outermost.isAnnotatedWith("org.springframework.stereotype.Repository")) {
            return "a repository";
        }
        if (outermost.isAnnotatedWith("org.springframework.web.bind.annotation.RestController")
                || outermost.isAnnotatedWith("org.springframework.stereotype.Controller")) {
            return "a controller";
        }
        return null;
    }
}
