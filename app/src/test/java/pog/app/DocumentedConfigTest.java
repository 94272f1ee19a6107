package pog.app;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import org.junit.jupiter.api.Test;
import pog.alerts.AlertsConfig;
import pog.app.demo.DemoConfig;
import pog.hyperliquid.sim.HyperliquidSimConfig;
import pog.lighter.sim.LighterSimConfig;
import pog.pm.config.PmConfig;
import pog.trader.config.TraderConfig;

import java.io.IOException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every key of every configuration file PoG reads is documented in README.md or docs/: the trader's (with each
 * venue's {@code venue} block), PM's, the alerts block, the demo's and the two simulators'. The keys are found by
 * walking the records the files are parsed into, so a key added to a record without its documentation fails here.
 * A key counts as documented when its dotted path stands in a document in backticks ({@code `risk.stopDistance`}),
 * or, for a key under a list or a polymorphic block (an alert channel's {@code url}), when a document that names
 * the block also names the key in backticks.
 */
class DocumentedConfigTest {
    private static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    @Test
    void everyConfigKeyIsDocumented() throws IOException {
        List<String> docs = docs();
        List<String> missing = new ArrayList<>();
        walk(TraderConfig.class, "", "trader", docs, missing);
        for (var venue : Main.VENUES.configTypes().entrySet()) {
            walk(venue.getValue(), "venue.", "trader, venue " + venue.getKey(), docs, missing);
        }
        walk(PmConfig.class, "", "pm", docs, missing);
        walk(AlertsConfig.class, "alerts.", "alerts", docs, missing);
        // the demo's and the simulators' files are documented by their commented examples, every key with its default
        walk(DemoConfig.class, "", "demo", with(docs, "config/demo/demo.yaml"), missing);
        walk(HyperliquidSimConfig.class, "", "hyperliquid simulator",
                with(docs, "config/exchange-sim-hyperliquid.yaml"), missing);
        walk(LighterSimConfig.class, "", "lighter simulator", with(docs, "config/exchange-sim-lighter.yaml"), missing);
        assertThat(missing).as("config keys undocumented in README.md and docs/*.md").isEmpty();
    }

    private static List<String> docs() throws IOException {
        List<String> docs = new ArrayList<>();
        docs.add(Files.readString(ROOT.resolve("README.md")));
        try (Stream<Path> files = Stream.concat(Files.list(ROOT.resolve("docs")), Stream.of(
                ROOT.resolve("hyperliquid-sim/README.md"), ROOT.resolve("lighter-sim/README.md")))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".md") && Files.exists(p)).sorted().toList()) {
                docs.add(Files.readString(f));
            }
        }
        return docs;
    }

    /** The documents plus a commented example file, whose keys (as YAML keys, {@code name:}) count as documented. */
    private static List<String> with(List<String> docs, String example) throws IOException {
        List<String> out = new ArrayList<>(docs);
        String text = Files.readString(ROOT.resolve(example));
        assertThat(text).as(example + " explains itself").startsWith("#");
        out.add(text.replaceAll("(?m)(^|[\\s{,\\-])([A-Za-z0-9]+):", "$1`$2`:"));
        return out;
    }

    private static void walk(Class<?> type, String prefix, String file, List<String> docs, List<String> missing) {
        if (!type.isRecord()) {
            return;
        }
        for (RecordComponent c : type.getRecordComponents()) {
            if (c.isAnnotationPresent(JsonIgnore.class) || c.getAccessor().isAnnotationPresent(JsonIgnore.class)) {
                continue;
            }
            JsonProperty renamed = c.getAnnotation(JsonProperty.class);
            String name = renamed != null && !renamed.value().isEmpty() ? renamed.value() : c.getName();
            String key = prefix + name;
            if (!documented(key, prefix, name, docs)) {
                missing.add(file + ": " + key);
            }
            boolean many = c.getType().isArray() || Collection.class.isAssignableFrom(c.getType());
            for (Class<?> inner : valueTypes(c.getGenericType())) {
                walk(inner, key + (many ? "[]." : "."), file, docs, missing);
            }
        }
    }

    /** The record types a component holds: itself, a list's or a map's values, a polymorphic block's subtypes. */
    private static List<Class<?>> valueTypes(Type t) {
        List<Class<?>> out = new ArrayList<>();
        if (t instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            Type[] args = p.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                out.addAll(valueTypes(args[0]));
            } else if (Map.class.isAssignableFrom(raw)) {
                out.addAll(valueTypes(args[1]));
            }
        } else if (t instanceof Class<?> c && c.getName().startsWith("pog.")) {
            JsonSubTypes subs = c.getAnnotation(JsonSubTypes.class);
            if (subs != null) {
                for (JsonSubTypes.Type s : subs.value()) {
                    out.add(s.value());
                }
            } else if (c.isRecord()) {
                out.add(c);
            }
        }
        return out;
    }

    private static java.util.regex.Pattern yamlKey(String name) {
        return java.util.regex.Pattern.compile("(?m)(^|[\\s{,\\-])" + java.util.regex.Pattern.quote(name) + ": ");
    }

    private static boolean documented(String key, String prefix, String name, List<String> docs) {
        String parent = prefix.isEmpty() ? null : prefix.substring(0, prefix.length() - 1).replace("[]", "");
        for (String d : docs) {
            List<String> forms = new ArrayList<>(List.of(key, key.replace("[]", "")));
            String[] parts = key.split("\\.");
            if (parts.length > 2) { // a block's own document may name its keys from the block down: `channels[].name`
                forms.add(String.join(".", java.util.Arrays.copyOfRange(parts, parts.length - 2, parts.length)));
            }
            for (String k : forms) {
                if (d.contains("`" + k + "`") || d.contains("`" + k + ".") || d.contains("`" + k + ":")
                        || d.contains("`" + k + " ") || d.contains("`" + k + "[")) {
                    return true;
                }
            }
            // under a block: the document names the block and the key, in backticks or as a key of a YAML example
            String block = parent == null ? null : parent.substring(parent.lastIndexOf('.') + 1);
            if (block != null && (d.contains("`" + block) || yamlKey(block).matcher(d).find())
                    && (d.contains("`" + name + "`") || d.contains("`" + name + ":") || yamlKey(name).matcher(d).find())) {
                return true;
            }
        }
        return false;
    }
}
