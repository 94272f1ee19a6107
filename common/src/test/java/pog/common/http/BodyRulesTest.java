package pog.common.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BodyRulesTest {
    private static final BodyRules STOP = BodyRules.none().flag("flatten");

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void refused(BodyRules rules, String body, int status, String detail) {
        assertThatThrownBy(() -> rules.check(b(body))).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).isEqualTo(status);
            assertThat(e.detail()).contains(detail).doesNotContain("Exception");
        });
    }

    @Test
    void emptyBlankAndEmptyObjectMeanNoOptions() {
        assertThat(STOP.check(b("")).flag("flatten")).isFalse();
        assertThat(STOP.check(b("  \n")).flag("flatten")).isFalse();
        assertThat(STOP.check(b("{}")).flag("flatten")).isFalse();
        assertThat(STOP.check(b("{\"flatten\": null}")).flag("flatten")).isFalse();
        assertThat(STOP.check(b("{\"flatten\": true}")).flag("flatten")).isTrue();
    }

    @Test
    void anythingElseIsA400NamingTheProblem() {
        refused(STOP, "{\"flaten\": true}", 400, "unknown field 'flaten' (allowed: flatten)");
        refused(BodyRules.none(), "{\"x\": 1}", 400, "unknown field 'x' (this endpoint takes no fields)");
        refused(STOP, "{\"flatten\": \"yes\"}", 400, "'flatten' must be true or false, got a string");
        refused(STOP, "{\"flatten\": tru", 400, "not valid JSON (line 1, column");
        refused(STOP, "[true]", 400, "must be a JSON object, got an array");
        refused(STOP, "{\"flatten\": false, \"flatten\": true}", 400, "'flatten' appears more than once");
        refused(STOP, "{} trailing", 400, "not valid JSON");
        refused(BodyRules.none().text("reason", 200), "{\"reason\": ", 400,
                "request body is not valid JSON (line 1, column 12)");
        refused(STOP, "\"x\"", 400, "request body must be a JSON object, got a string");
        refused(BodyRules.none().text("reason", 5), "{\"reason\": \"too long\"}", 400, "at most 5 characters");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        refused(STOP, "{\"flatten\": true" + " ".repeat(BodyRules.MAX_BYTES) + "}", 413, "over");
    }
}
