package pog.pm;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PM's packages form layers: no package reaches, through any chain of others, back to itself (read from the main
 * sources: imports and fully qualified names alike). A loop means two rooms that cannot be understood or changed
 * apart; the facts about a service live in {@code registry}, below everything that acts on them.
 */
class PackageLayersTest {
    private static final Path MAIN = Path.of("src/main/java/pog/pm");
    private static final Pattern REFERENCE = Pattern.compile("\\bpog\\.pm\\.([a-z]+)\\.[A-Z]");

    static Map<String, Set<String>> graph() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Path rel = MAIN.relativize(f);
                if (rel.getNameCount() < 2) {
                    continue; // pog.pm itself (PmService: the wiring) sits on top of every room
                }
                String from = rel.getName(0).toString();
                Set<String> to = uses.computeIfAbsent(from, k -> new TreeSet<>());
                Matcher m = REFERENCE.matcher(Files.readString(f));
                while (m.find()) {
                    if (!m.group(1).equals(from)) {
                        to.add(m.group(1));
                    }
                }
            }
        }
        return uses;
    }

    /** Every chain of packages that comes back to where it started, e.g. {@code [adopt, health, adopt]}. */
    static List<List<String>> loops(Map<String, Set<String>> uses) {
        List<List<String>> found = new ArrayList<>();
        for (String start : uses.keySet()) {
            walk(start, start, new ArrayList<>(List.of(start)), uses, found);
        }
        return found;
    }

    private static void walk(String start, String at, List<String> path, Map<String, Set<String>> uses,
                             List<List<String>> found) {
        for (String next : uses.getOrDefault(at, Set.of())) {
            if (next.equals(start)) {
                List<String> loop = new ArrayList<>(path);
                loop.add(start);
                found.add(loop);
            } else if (!path.contains(next) && next.compareTo(start) > 0) {
                // each loop once: from its alphabetically first package
                path.add(next);
                walk(start, next, path, uses, found);
                path.remove(path.size() - 1);
            }
        }
    }

    @Test
    void noPackageOfPmReachesBackToItself() throws IOException {
        Map<String, Set<String>> uses = graph();
        assertThat(uses).containsKeys("registry", "health", "adopt", "control", "api");
        assertThat(loops(uses)).as("import loops between PM's packages (%s)", uses).isEmpty();
    }

    @Test
    void theFactsAboutAServiceSitBelowWhatActsOnThem() throws IOException {
        Map<String, Set<String>> uses = graph();
        assertThat(uses.get("registry")).doesNotContain("health", "adopt", "control", "api", "portfolio", "alerts");
        assertThat(uses.get("health")).doesNotContain("control", "api");
    }

    @Test
    void aLoopIsFound() {
        // the check itself: the loop PM had before the service facts moved into registry
        Map<String, Set<String>> before = Map.of("adopt", Set.of("health", "registry"), "health",
                Set.of("adopt", "registry"), "registry", Set.of("health"));
        assertThat(loops(before)).contains(List.of("adopt", "health", "adopt"),
                List.of("health", "registry", "health"));
    }
}
