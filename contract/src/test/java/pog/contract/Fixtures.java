package pog.contract;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The trader contract's JSON fixtures, one per endpoint, for the contract's own test and for the trader's and PM's
 * (they reach this class through pog-contract's test-jar).
 */
public final class Fixtures {
    public static final String HEALTH = "health.json";
    public static final String POSITIONS = "positions.json";
    public static final String ACCOUNT = "account.json";

    private Fixtures() {
    }

    /** The fixture's text, exactly as stored. */
    public static String text(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("fixtures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no contract fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Every field path in a document: {@code checks.loop.ok}, {@code [].protection.state}. Array elements share one
     * {@code []} segment, so a list of positions has the fields of any of its elements; a null value still names its
     * field, which is what a reader of the wire sees.
     */
    public static SortedSet<String> fieldPaths(JsonNode node) {
        SortedSet<String> paths = new TreeSet<>();
        collect(node, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String prefix, SortedSet<String> into) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                into.add(path);
                collect(e.getValue(), path, into);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                collect(element, prefix.isEmpty() ? "[]" : prefix + "[]", into);
            }
        }
    }
}
