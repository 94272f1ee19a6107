package pog.pm.health;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.common.proc.ExitWatch;
import pog.contract.Health;
import pog.pm.adopt.Adopter;
import pog.pm.client.HealthProbe;
import pog.pm.client.TraderClient;
import pog.pm.config.PmConfig;
import pog.pm.history.EventLog;
import pog.pm.history.PmDb;
import pog.pm.launch.Launched;
import pog.pm.launch.Launchers;
import pog.pm.registry.Origin;
import pog.pm.registry.Registry;
import pog.pm.registry.ServiceEntry;
import pog.pm.registry.ServiceState;
import pog.pm.registry.StateChanges;
import pog.pm.registry.TraderExit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The death of a trader PM launched is decided by its exit code, which reaches PM a moment after the process is
 * gone (the JDK reaps it, then the adopter applies the code). A check that lands in that moment finds the port
 * silent and the pid dead: it must neither call the trader DOWN nor plan a restart, or a trader whose exit says a
 * restart cannot help (here 5, damaged state) is launched again. Seen as PmFailedTraderTest reading FAILED, then a
 * second life without an exit code, under load.
 */
class ExitBeforeCodeTest {
    @TempDir
    Path dir;
    private PmDb db;
    private TraderClient client;
    private Adopter adopter;
    private HealthMonitor monitor;
    private ExitWatch exits;
    private ScheduledExecutorService scheduler;
    /** Every state the service showed, as the dashboard's stream would push it. */
    private final List<String> states = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        monitor.close();
        adopter.close();
        client.close();
        exits.close();
        scheduler.shutdownNow();
        db.close();
    }

    @Test
    void shouldWaitForTheExitCodeOfItsOwnChildBeforeCallingItGoneOrPlanningARestart() throws Exception {
        // a port nothing listens on, and a command that would do no harm if it were (wrongly) launched again
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("pm.yaml"), "bind: 127.0.0.1\nport: 0\ndataDir: '" + dir.resolve("data")
                + "'\nmonitor:\n  intervalMs: 600000\n  timeoutMs: 500\n  staleAfterMs: 1200000\n"
                + "  downAfterFailures: 2\n  startTimeoutMs: 20000\n"
                + "services:\n  - id: t1\n    baseUrl: http://127.0.0.1:" + port + "\n"
                + "    command: ['true']\n    restart:\n      policy: on-failure\n");
        PmConfig config = PmConfig.load(dir.resolve("pm.yaml"));
        Files.createDirectories(config.dataPath());
        Clock clock = Clock.systemUTC();
        db = new PmDb(config.dataPath().resolve("pm.db"));
        EventLog log = new EventLog(db, clock);
        StateChanges changes = new StateChanges(log);
        changes.listen(v -> states.add(v.state()));
        Registry registry = new Registry(config, clock);
        client = new TraderClient(Duration.ofMillis(500), null);
        adopter = new Adopter(client, new Launchers(config.dataPath()), changes, log, config.dataPath(), null);
        scheduler = Executors.newSingleThreadScheduledExecutor();
        exits = ExitWatch.start(Duration.ofMillis(300));
        monitor = new HealthMonitor(config.monitor(), registry, client, adopter, changes, log, clock, scheduler,
                exits);
        monitor.start();
        ServiceEntry entry = registry.get("t1");

        // PM launched it and it is already gone (reaped), but its exit code has not reached PM yet
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        long pid = gone.pid();
        CompletableFuture<Integer> exit = new CompletableFuture<>();
        Launched launched = new Launched(pid, exit, dir.resolve("t1.log"), 0);
        changes.apply(entry, e -> {
            e.health().starting(pid);
            e.origin(Origin.STARTED);
            // what the adopter does with the code once it comes (Adopter.exited)
            e.launched(launched, exit.thenAccept(code -> changes.apply(entry,
                    x -> {
                        x.health().exited(pid, code, "error: journal.db is damaged", TraderExit.permanent(code));
                        x.cancelRestart();
                        x.deathHandled(true);
                    })));
        });

        HealthProbe nothing = new HealthProbe(HealthProbe.Kind.NOTHING, (Health) null, "connection refused", 1);
        monitor.onProbe(entry, nothing);
        synchronized (entry) {
            assertThat(entry.health().rawState()).as("not DOWN before the exit says how it ended")
                    .isEqualTo(ServiceState.STARTING);
            assertThat(entry.restartPending() || entry.busy()).as("no restart planned or under way").isFalse();
        }

        exit.complete(TraderExit.DAMAGED_STATE);
        monitor.onProbe(entry, nothing);
        synchronized (entry) {
            assertThat(entry.health().rawState()).isEqualTo(ServiceState.FAILED);
            assertThat(entry.health().exitCode()).isEqualTo(TraderExit.DAMAGED_STATE);
            assertThat(entry.restartPending() || entry.busy()).isFalse();
        }
        synchronized (entry) {
            assertThat(entry.launched()).as("nothing launched after it").isSameAs(launched);
        }
        assertThat(states.stream().distinct().toList()).as("straight from STARTING to FAILED, no DOWN between")
                .containsExactly("STARTING", "FAILED");
    }
}
