package pog.app.pm;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import pog.app.ExitCodes;
import pog.app.Version;
import pog.pm.adopt.Identity;
import pog.pm.client.HealthProbe;
import pog.pm.client.TraderClient;
import pog.pm.config.PmConfig;
import pog.pm.config.ServiceConfig;
import pog.pm.registry.ServiceHealth;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code pog status}: the services as PM sees them. When PM does not answer, it says so loudly and asks each trader
 * in the config directly, so a person can still see what runs (exit 1: nobody is supervising).
 */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Show every trader's state from PM; if PM is down, read the traders directly and say so.",
                "Exit 0 when PM answered, 1 when PM is unreachable."})
public final class StatusCommand implements Callable<Integer> {
    @Mixin
    PmOptions pm;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PmConfig config = pm.load();
        PmHttp http = new PmHttp(pm.pmUrl(config));
        PrintWriter out = spec.commandLine().getOut();
        try {
            PmHttp.Reply r = http.get("/api/services");
            if (!r.ok()) {
                throw new PmHttp.Unreachable("answered " + r.error());
            }
            printFromPm(out, r.body(), System.currentTimeMillis());
            out.flush();
            return ExitCodes.OK;
        } catch (PmHttp.Unreachable e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("!!! PM IS NOT REACHABLE at " + http.baseUrl() + ": " + e.getMessage());
            err.println("!!! Reading the traders directly from " + pm.config
                    + ". Nobody is supervising or restarting them until PM runs again (./pog pm --config " + pm.config + ").");
            err.flush();
            printDirect(out, config);
            out.flush();
            return ExitCodes.FAILURE;
        }
    }

    static void printFromPm(PrintWriter out, JsonNode services, long now) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"ID", "STATE", "ORIGIN", "PID", "LAST OK", "FAILS", "RESTARTS", "EXIT", "DETAIL"});
        for (JsonNode s : services) {
            rows.add(new String[]{s.path("id").asText(), s.path("state").asText(), text(s, "origin"), text(s, "pid"),
                    s.hasNonNull("lastOkAt") ? age(now - s.path("lastOkAt").asLong()) : "never",
                    s.path("consecutiveFailures").asText(), s.path("restarts").asText(), text(s, "exitCode"),
                    text(s, "detail")});
        }
        table(out, rows);
    }

    private void printDirect(PrintWriter out, PmConfig config) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"ID", "STATE (direct)", "PID", "INSTANCE", "VENUE", "DETAIL"});
        try (TraderClient client = PmOptions.traders(config, Duration.ofSeconds(2), null)) {
            List<CompletableFuture<HealthProbe>> probes = new ArrayList<>();
            for (ServiceConfig s : config.services()) {
                probes.add(client.health(s.baseUrl()));
            }
            for (int i = 0; i < probes.size(); i++) {
                ServiceConfig s = config.services().get(i);
                HealthProbe p = probes.get(i).join();
                rows.add(row(s, p));
            }
        }
        table(out, rows);
    }

    private static String[] row(ServiceConfig s, HealthProbe p) {
        if (!p.answered()) {
            // across hosts silence is not death: only a trader on this machine that nothing answers for is DOWN
            String state = p.kind() == HealthProbe.Kind.NOTHING ? (s.local() ? "DOWN" : "UNKNOWN")
                    : p.kind() == HealthProbe.Kind.FOREIGN ? "CONFLICT" : "UNKNOWN";
            return new String[]{s.id(), state, "-", "-", "-", s.baseUrl() + ": " + p.detail()};
        }
        String mismatch = Identity.mismatch(s, p.health());
        if (mismatch != null) {
            return new String[]{s.id(), "CONFLICT", "-", "-", "-", mismatch};
        }
        ServiceHealth.Verdict v = ServiceHealth.judge(p.health());
        return new String[]{s.id(), v.state().name(), String.valueOf(p.health().pid()),
                p.health().instance(), String.valueOf(p.health().venue()), v.detail() == null ? "" : v.detail()};
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.path(field).asText() : "-";
    }

    static String age(long ms) {
        if (ms < 0) {
            return "now";
        }
        if (ms < 60_000) {
            return String.format("%.1fs ago", ms / 1000.0);
        }
        if (ms < 3_600_000) {
            return (ms / 60_000) + "m ago";
        }
        return (ms / 3_600_000) + "h ago";
    }

    static void table(PrintWriter out, List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int c = 0; c < cols - 1; c++) {
                width[c] = Math.max(width[c], r[c] == null ? 0 : r[c].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int c = 0; c < cols; c++) {
                String v = r[c] == null ? "" : r[c];
                b.append(c == cols - 1 ? v : String.format("%-" + (width[c] + 2) + "s", v));
            }
            out.println(b.toString().stripTrailing());
        }
    }
}
