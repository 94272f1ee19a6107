package pog.app;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A newcomer finds every subcommand and every option of {@code pog} in README.md or docs/: each command's full name
 * ({@code pog stop-all}, {@code pog hyperliquid keygen}) and each of its long options appear in the same document,
 * so a command added without its documentation fails here.
 */
class DocumentedCliTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void everySubcommandAndItsOptionsAreDocumented() throws IOException {
        List<String> docs = new ArrayList<>();
        docs.add(Files.readString(ROOT.resolve("README.md")));
        try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                docs.add(Files.readString(f));
            }
        }
        List<String> missing = new ArrayList<>();
        for (CommandLine sub : Main.commandLine().getSubcommands().values()) {
            check(sub.getCommandSpec(), docs, missing);
        }
        assertThat(missing).as("undocumented in README.md and docs/*.md").isEmpty();
    }

    private static void check(CommandSpec spec, List<String> docs, List<String> missing) {
        if (spec.userObject() instanceof CommandLine.HelpCommand || spec.usageMessage().hidden()) {
            return; // hidden: internal (cds-train makes the class-data archive for ./pog)
        }
        String name = spec.qualifiedName(" ");
        List<String> where = docs.stream().filter(d -> d.contains(name + " ") || d.contains(name + "`")
                || d.contains(name + "\n")).toList();
        if (where.isEmpty()) {
            missing.add(name);
            return;
        }
        for (OptionSpec o : spec.options()) {
            if (o.usageHelp() || o.versionHelp() || o.hidden()) {
                continue;
            }
            String longest = Stream.of(o.names()).max(java.util.Comparator.comparingInt(String::length)).orElseThrow();
            if (where.stream().noneMatch(d -> d.contains(longest))) {
                missing.add(name + " " + longest);
            }
        }
        for (CommandLine sub : spec.subcommands().values()) {
            check(sub.getCommandSpec(), docs, missing);
        }
    }
}
