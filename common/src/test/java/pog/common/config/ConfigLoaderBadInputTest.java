package pog.common.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Every kind of bad YAML a person may write gets one line in PoG's words: the file, the key, what is wrong, and
 * never the YAML or binding library's own text.
 */
class ConfigLoaderBadInputTest {
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({@JsonSubTypes.Type(value = Paper.class, name = "paper"),
            @JsonSubTypes.Type(value = Remote.class, name = "remote")})
    sealed interface Venue permits Paper, Remote {
    }

    record Paper(Integer seed) implements Venue {
    }

    record Remote(String url) implements Venue {
    }

    record Risk(BigDecimal riskPerTrade, int maxTrades, Boolean paused) {
    }

    record Service(String id, Integer port) {
    }

    record Config(String name, Integer port, Long loopMillis, Risk risk, Venue venue, List<String> symbols,
                  List<Service> services) {
        Config {
            if (name == null) {
                throw new ConfigException("x.yaml", "name", "is required");
            }
        }
    }

    @TempDir
    Path dir;

    private static String error(String yaml) {
        return error(yaml.getBytes(StandardCharsets.UTF_8));
    }

    private static String error(byte[] yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.parse("x.yaml", yaml, Config.class));
        assertThat(e).as("a ConfigException").isNotNull();
        assertCleanLine(e.getMessage());
        return e.getMessage();
    }

    static void assertCleanLine(String message) {
        assertThat(message)
                .startsWith("config error: ")
                .doesNotContain("\n", "\r", "\t")
                .doesNotContain("com.fasterxml", "jackson", "Jackson", "snakeyaml", "SnakeYAML")
                .doesNotContain("Exception", "FAIL_ON", "DeserializationFeature", "[Source:", "line: ", "column: ")
                .doesNotContain("Unrecognized field", "Cannot deserialize", "Cannot map", "Cannot coerce", "`",
                        "in 'reader'", "<block end>", "Numeric value", "Duplicate field", "Trailing token",
                        "No content", "while parsing", "while scanning", "subtype", "type id");
    }

    @Test
    void duplicateTopLevelKeyIsRefusedWithItsLine() {
        assertThat(error("name: a\nport: 1\nname: b\n"))
                .isEqualTo("config error: x.yaml: name: duplicate key (line 3); each key may appear once");
    }

    @Test
    void duplicateNestedKeyNamesTheFullKey() {
        assertThat(error("name: a\nrisk:\n  maxTrades: 1\n  riskPerTrade: 0.01\n  maxTrades: 2\n"))
                .startsWith("config error: x.yaml: risk.maxTrades: duplicate key (line 5)");
        assertThat(error("name: a\nrisk: {maxTrades: 1, maxTrades: 2}\n"))
                .startsWith("config error: x.yaml: risk.maxTrades: duplicate key (line 2)");
    }

    @Test
    void duplicateKeyInsideAListItemNamesTheItem() {
        assertThat(error("name: a\nservices:\n  - id: one\n  - id: two\n    port: 1\n    id: three\n"))
                .startsWith("config error: x.yaml: services[1].id: duplicate key (line 6)");
    }

    @Test
    void duplicateSectionIsRefusedToo() {
        assertThat(error("name: a\nsymbols: [BTC]\nrisk:\n  maxTrades: 1\nsymbols:\n  - ETH\n"))
                .startsWith("config error: x.yaml: symbols: duplicate key (line 5)");
    }

    @Test
    void wrongTypeNamesKeyExpectationAndValue() {
        assertThat(error("name: a\nport: abc\n"))
                .isEqualTo("config error: x.yaml: port: expected a whole number, got 'abc' (line 2)");
        assertThat(error("name: a\nrisk:\n  paused: maybe\n"))
                .startsWith("config error: x.yaml: risk.paused: expected true or false, got 'maybe'");
        assertThat(error("name: a\nrisk: 5\n")).isEqualTo("config error: x.yaml: risk: expected a section (line 2)");
        assertThat(error("name: a\nsymbols: BTC\n")).startsWith("config error: x.yaml: symbols: expected a list");
        assertThat(error("name: {first: a}\n")).startsWith("config error: x.yaml: name: expected a string");
    }

    @Test
    void badNumbersAreNamed() {
        assertThat(error("name: a\nrisk:\n  riskPerTrade: 0.0.1\n"))
                .startsWith("config error: x.yaml: risk.riskPerTrade: expected a number, got '0.0.1'");
        assertThat(error("name: a\nport: 90.5\n"))
                .startsWith("config error: x.yaml: port: expected a whole number, got '90.5'");
        assertThat(error("name: a\nport: 99999999999\n"))
                .isEqualTo("config error: x.yaml: port: is out of range: expected a whole number from -2147483648 to "
                        + "2147483647, got 99999999999 (line 2)");
    }

    @Test
    void unknownKeyListsTheKnownOnes() {
        assertThat(error("name: a\nrisk:\n  maxTrades: 1\n  riskPerTrad: 0.01\n"))
                .isEqualTo("config error: x.yaml: risk.riskPerTrad: unknown key (line 4) (known here: maxTrades, "
                        + "paused, riskPerTrade)");
    }

    @Test
    void missingRequiredValues() {
        assertThat(error("port: 1\n")).isEqualTo("config error: x.yaml: name: is required");
        assertThat(error("name: a\nrisk:\n  maxTrades:\n"))
                .startsWith("config error: x.yaml: risk.maxTrades: needs a value (a whole number)");
    }

    @Test
    void tabIndentationSaysSo() {
        assertThat(error("name: a\nrisk:\n\tmaxTrades: 1\n"))
                .isEqualTo("config error: x.yaml: is not valid YAML (line 3, column 1): a tab is used for indentation; "
                        + "indent with spaces");
    }

    @Test
    void brokenStructureNamesTheLine() {
        assertThat(error("name: a\n- b\n")).startsWith("config error: x.yaml: is not valid YAML (line 2, column 1): "
                + "this line does not fit");
        assertThat(error("name: a: b\n")).startsWith("config error: x.yaml: is not valid YAML (line 1, column 8): "
                + "unexpected ':'");
        assertThat(error("name: a\nsymbols: [BTC, ETH\n")).contains("is not closed");
        assertThat(error("name: \"a\n")).contains("the file ends inside a quoted value");
    }

    @Test
    void aFileThatIsNotAMappingSaysWhatItHolds() {
        assertThat(error("- name: a\n- name: b\n")).isEqualTo(
                "config error: x.yaml: must be a mapping of keys to values (\"key: value\" lines), but holds a list");
        assertThat(error("just words\n")).endsWith("but holds a single value");
    }

    @Test
    void emptyFileIsEmpty() {
        assertThat(error("")).isEqualTo("config error: x.yaml: is empty");
        assertThat(error("# nothing but a comment\n\n")).isEqualTo("config error: x.yaml: is empty");
    }

    @Test
    void twoDocumentsInOneFileAreRefused() {
        assertThat(error("name: a\n---\nname: b\n")).startsWith("config error: x.yaml: holds more than one YAML document");
    }

    @Test
    void unknownOrMissingTypeListsTheKnownTypes() {
        assertThat(error("name: a\nvenue:\n  type: papr\n"))
                .isEqualTo("config error: x.yaml: venue.type: unknown type 'papr' (known: paper, remote)");
        assertThat(error("name: a\nvenue:\n  seed: 1\n"))
                .startsWith("config error: x.yaml: venue.type: is required").endsWith("(known: paper, remote)");
    }

    @Test
    void textThatIsNotUtf8IsNamed() {
        assertThat(error(new byte[] {'n', 'a', 'm', 'e', ':', ' ', (byte) 0xff, (byte) 0xfe, '\n'}))
                .isEqualTo("config error: x.yaml: is not UTF-8 text");
    }

    @Test
    void aDirectoryIsNotAConfigFile() {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(dir, Config.class));
        assertThat(e.getMessage()).isEqualTo("config error: " + dir + ": is a directory, not a config file");
    }

    @Test
    void goodFileStillLoads() throws Exception {
        Path file = dir.resolve("ok.yaml");
        Files.writeString(file, "name: a\nport: 9002\nrisk: {riskPerTrade: 0.01, maxTrades: 3}\nvenue: {type: paper, seed: 7}\n"
                + "services:\n  - id: one\n  - id: two\n");
        Config c = ConfigLoader.load(file, Config.class);
        assertThat(c.port()).isEqualTo(9002);
        assertThat(c.risk().riskPerTrade()).isEqualByComparingTo("0.01");
        assertThat(c.venue()).isEqualTo(new Paper(7));
        assertThat(c.services()).extracting(Service::id).containsExactly("one", "two");
    }
}
