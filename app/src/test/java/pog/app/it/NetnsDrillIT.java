package pog.app.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs scripts/netns-drill.sh (hosts as network namespaces; see docs/deploy.md) against the built jar. Where the
 * machine does not allow network namespaces (not root, no {@code ip netns}) the script exits 77 and this test is
 * skipped with its message, except when CI=true: there it must run.
 */
class NetnsDrillIT {
    @Test
    void partitionsKillsAndHealsNeverMakeASecondTraderAndPmAdoptsWhatItFindsAgain() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        Path out = Path.of(System.getProperty("user.dir"), "target", "netns-drill");
        Files.createDirectories(out);
        Path logFile = out.resolve("drill.log");
        Process p = new ProcessBuilder("bash", root.resolve("scripts/netns-drill.sh").toString(),
                PogProcess.jar().toString(), out.toString()).redirectErrorStream(true)
                .redirectOutput(logFile.toFile()).start();
        p.getOutputStream().close();
        boolean ended = p.waitFor(400, TimeUnit.SECONDS);
        if (!ended) {
            p.destroy(); // SIGTERM: the script's trap removes what it made
            p.waitFor(60, TimeUnit.SECONDS);
        }
        String log = Files.readString(logFile, StandardCharsets.UTF_8);
        assertThat(ended).as("the drill is bounded (400 seconds)\n" + log).isTrue();
        System.out.print(log);
        if (p.exitValue() == 77) {
            assertThat(System.getenv("CI")).as("CI=true: the drill must run here\n" + log).isNotEqualTo("true");
            Assumptions.abort(log.strip());
        }
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(Files.readString(out.resolve("netns-drill.md"))).contains("| result | passed |");
    }
}
