package pog.app.pm;

import com.fasterxml.jackson.databind.JsonNode;
import pog.app.CliException;
import pog.app.ExitCodes;
import pog.common.auth.ControlToken;
import pog.pm.config.PmConfig;

import java.io.PrintWriter;
import java.time.Duration;

/** One explicit action on one service through PM; without PM there is no one to start a trader, so it fails loudly. */
final class ServiceAction {
    private ServiceAction() {
    }

    static int run(PmOptions pm, String id, String action, String body, PrintWriter out) {
        PmConfig config = pm.load();
        if (config.service(id) == null) {
            throw new CliException(ExitCodes.CONFIG, "error: no service '" + id + "' in " + pm.config
                    + " (known: " + String.join(", ", config.services().stream().map(s -> s.id()).toList()) + ")");
        }
        ControlToken token = PmOptions.token(config);
        PmHttp http = new PmHttp(pm.pmUrl(config));
        PmHttp.Reply r;
        try {
            r = http.post("/api/services/" + id + "/" + action, body, token, Duration.ofMinutes(2));
        } catch (PmHttp.Unreachable e) {
            throw new CliException(ExitCodes.FAILURE, "error: PM IS NOT REACHABLE at " + http.baseUrl() + " ("
                    + e.getMessage() + "); start it with ./pog pm --config " + pm.config);
        }
        if (!r.ok()) {
            throw PmHttp.refused(action + " " + id, r);
        }
        out.println(id + ": " + summary(r.body()));
        out.flush();
        return ExitCodes.OK;
    }

    private static String summary(JsonNode b) {
        if (b.has("stop") && b.has("start")) {
            return "restarted: " + summary(b.path("stop")) + "; then " + summary(b.path("start"));
        }
        StringBuilder s = new StringBuilder(b.path("outcome").asText());
        if (b.hasNonNull("method")) {
            s.append(" (").append(b.path("method").asText()).append(")");
        }
        if (b.hasNonNull("pid")) {
            s.append(" pid ").append(b.path("pid").asText());
        }
        if (b.hasNonNull("detail") && !b.path("detail").asText().isEmpty()) {
            s.append(": ").append(b.path("detail").asText());
        }
        if (b.hasNonNull("clean")) {
            s.append("; ").append(b.path("clean").asBoolean() ? "CLEAN: " : "NOT CLEAN: ")
                    .append(b.path("leftBehind").asText());
        }
        return s.toString();
    }
}
