package pog.app.pm;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import pog.app.ExitCodes;
import pog.app.Version;
import pog.common.auth.ControlToken;
import pog.pm.adopt.Identity;
import pog.pm.client.HealthProbe;
import pog.pm.client.TraderClient;
import pog.pm.config.LauncherKind;
import pog.pm.config.PmConfig;
import pog.pm.config.ServiceConfig;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * {@code pog stop-all}: asks PM to stop every trader (optionally flattening first) and prints PM's per-trader report.
 * When PM is down it says so and stops the traders itself through their own APIs, confirming each is gone.
 */
@Command(name = "stop-all", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Stop every trader gracefully (positions and their stops stay unless --flatten) and confirm each is gone.",
                "Exit 0 when every trader is confirmed stopped, 1 otherwise."})
public final class StopAllCommand implements Callable<Integer> {
    private static final Duration DIRECT_WAIT = Duration.ofSeconds(30);

    @Mixin
    PmOptions pm;

    @Option(names = "--flatten", description = "Close every position before stopping.")
    boolean flatten;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PmConfig config = pm.load();
        ControlToken token = PmOptions.token(config);
        PmHttp http = new PmHttp(pm.pmUrl(config));
        PrintWriter out = spec.commandLine().getOut();
        PmHttp.Reply r;
        try {
            r = http.post("/api/services/stop-all", "{\"flatten\": " + flatten + "}", token, Duration.ofMinutes(5));
        } catch (PmHttp.Unreachable e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("!!! PM IS NOT REACHABLE at " + http.baseUrl() + ": " + e.getMessage());
            err.println("!!! Stopping the traders in " + pm.config + " directly through their own APIs.");
            err.flush();
            return direct(config, token, out);
        }
        if (!r.ok()) {
            throw PmHttp.refused("stop-all", r);
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"ID", "OUTCOME", "METHOD", "PID", "FLATTENED", "TOOK", "LEFT BEHIND", "DETAIL"});
        for (JsonNode x : r.body().path("results")) {
            rows.add(new String[]{x.path("id").asText(), x.path("outcome").asText(), x.path("method").asText(),
                    x.hasNonNull("pid") ? x.path("pid").asText() : "-",
                    x.hasNonNull("flattened") ? x.path("flattened").asText() : "-",
                    x.path("tookMs").asText() + "ms", leftBehind(x), x.path("detail").asText()});
        }
        StatusCommand.table(out, rows);
        boolean all = r.body().path("allStopped").asBoolean();
        out.println(all ? "all traders stopped" : "NOT every trader is confirmed stopped: see above");
        if (r.body().hasNonNull("summary")) {
            out.println(r.body().path("summary").asText());
        }
        out.flush();
        return all ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** "CLEAN: flat on paper", "NOT CLEAN: ..." or "-" when nothing was stopped. */
    static String leftBehind(JsonNode x) {
        if (!x.hasNonNull("clean")) {
            return "-";
        }
        return (x.path("clean").asBoolean() ? "CLEAN: " : "NOT CLEAN: ") + x.path("leftBehind").asText();
    }

    private int direct(PmConfig config, ControlToken token, PrintWriter out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"ID", "OUTCOME", "LEFT BEHIND", "DETAIL"});
        boolean all = true;
        List<String> dirty = new ArrayList<>();
        try (TraderClient client = PmOptions.traders(config, Duration.ofSeconds(2), token)) {
            List<CompletableFuture<String[]>> work = new ArrayList<>();
            for (ServiceConfig s : config.services()) {
                work.add(CompletableFuture.supplyAsync(() -> stopOne(client, s)));
            }
            for (CompletableFuture<String[]> w : work) {
                String[] row = w.join();
                all &= row[1].equals("stopped") || row[1].equals("already-stopped") || row[1].equals("skipped");
                if (row[2].startsWith("NOT CLEAN") || row[1].equals("failed")) {
                    dirty.add(row[0] + ": " + (row[1].equals("failed") ? "stop failed: " + row[3] : row[2]));
                }
                rows.add(row);
            }
        }
        StatusCommand.table(out, rows);
        out.println(all ? "all traders stopped (without PM)" : "NOT every trader is confirmed stopped: see above");
        out.println(dirty.isEmpty() ? "CLEAN: every stopped trader flat or with every position's stop resting"
                : "NOT CLEAN: " + String.join("; ", dirty));
        out.flush();
        return all ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private String[] stopOne(TraderClient client, ServiceConfig s) {
        if (s.launcher() == LauncherKind.EXTERNAL) {
            return new String[]{s.id(), "skipped", "-", "external service: stopped by whoever runs it"};
        }
        HealthProbe p = client.health(s.baseUrl()).join();
        if (p.kind() == HealthProbe.Kind.NOTHING) {
            return new String[]{s.id(), "already-stopped", "-", "nothing listening at " + s.baseUrl()};
        }
        if (!p.answered()) {
            return new String[]{s.id(), "failed", "-", s.baseUrl() + ": " + p.detail()};
        }
        String mismatch = Identity.mismatch(s, p.health());
        if (mismatch != null) {
            return new String[]{s.id(), "failed", "-", "not touching it: " + mismatch};
        }
        String note = "";
        if (flatten) {
            int f = client.control(s.baseUrl(), "flatten", Duration.ofSeconds(10)).exceptionally(e -> -1).join();
            note = f / 100 == 2 ? "flatten requested; " : "flatten answered " + f + "; ";
        }
        TraderClient.Reply answer = client.controlAnswer(s.baseUrl(), "shutdown", Duration.ofSeconds(35))
                .exceptionally(e -> null).join();
        int status = answer == null ? -1 : answer.status();
        if (status / 100 != 2) {
            return new String[]{s.id(), "failed", "-", note + "shutdown answered " + (status < 0 ? "nothing" : "HTTP " + status)};
        }
        String left;
        try {
            JsonNode l = pog.common.json.Json.mapper().readTree(answer.body()).get("leftBehind");
            left = l == null || !l.hasNonNull("clean") ? "NOT CLEAN: not confirmed: it did not report what it left on its venue"
                    : (l.path("clean").asBoolean() ? "CLEAN: " : "NOT CLEAN: ") + l.path("detail").asText();
        } catch (java.io.IOException e) {
            left = "NOT CLEAN: not confirmed: its shutdown answer is not JSON";
        }
        Long pid = p.health().pid();
        long deadline = System.nanoTime() + DIRECT_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean processGone = pid == null || !s.local()
                    || !pog.common.proc.Liveness.alive(pid);
            if (processGone && client.health(s.baseUrl()).join().kind() == HealthProbe.Kind.NOTHING) {
                return new String[]{s.id(), "stopped", left, note + "pid " + pid + " gone"};
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return new String[]{s.id(), "failed", left, note + "still running " + DIRECT_WAIT.toSeconds() + " s after shutdown"};
    }
}
