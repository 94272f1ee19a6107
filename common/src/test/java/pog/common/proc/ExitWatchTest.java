package pog.common.proc;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@EnabledOnOs(OS.LINUX)
class ExitWatchTest {
    private final List<Process> started = new ArrayList<>();
    private final ExitWatch watch = ExitWatch.start(Duration.ofMillis(50));

    @AfterEach
    void cleanUp() {
        watch.close();
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private Process start(String script) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        started.add(p);
        return p;
    }

    @Test
    void usesTheKernelsNotificationOnLinux() {
        assertThat(watch.mechanism()).isEqualTo("pidfd");
    }

    @Test
    void notifiesTheExitOfAProcessThatIsNotOurChild() throws Exception {
        // bash starts a grandchild and prints its pid; the JDK could only poll for it
        Process p = start("sleep 60 & echo $!; wait");
        long grandchild = Long.parseLong(new BufferedReader(new InputStreamReader(p.getInputStream())).readLine().trim());
        CompletableFuture<Long> exit = watch.onExit(grandchild);
        assertThat(exit).isNotDone();
        new ProcessBuilder("kill", "-9", Long.toString(grandchild)).start().waitFor();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(grandchild);
    }

    @Test
    void aZombieIsDeadAlthoughTheJdkCallsItAlive() throws Exception {
        // bash forks a short sleep, then becomes a long sleep that never reaps it: the short one stays a zombie
        Process p = start("sleep 0.1 & exec sleep 60");
        long zombie = awaitZombieChild(p);
        assertThat(ProcessHandle.of(zombie).map(ProcessHandle::isAlive)).contains(true);
        assertThat(Liveness.alive(zombie)).isFalse();
        assertThat(watch.onExit(zombie).get(10, TimeUnit.SECONDS)).isEqualTo(zombie);
    }

    @Test
    void aLiveProcessIsAliveAndItsWatchWaits() throws Exception {
        Process p = start("exec sleep 60");
        assertThat(Liveness.alive(p.pid())).isTrue();
        CompletableFuture<Long> exit = watch.onExit(p.pid());
        assertThat(watch.onExit(p.pid())).isSameAs(exit);
        assertThat(exit).isNotDone();
        p.destroyForcibly();
        assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(p.pid());
    }

    @Test
    void thePollFallbackNoticesTooWhereThereIsNoPidfd() throws Exception {
        Process p = start("exec sleep 60");
        try (ExitWatch poll = ExitWatch.pollingOnly(Duration.ofMillis(20))) {
            assertThat(poll.mechanism()).isEqualTo("poll every 20 ms");
            CompletableFuture<Long> exit = poll.onExit(p.pid());
            p.destroyForcibly();
            assertThat(exit.get(10, TimeUnit.SECONDS)).isEqualTo(p.pid());
        }
    }

    private static long awaitZombieChild(Process p) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            for (ProcessHandle c : p.toHandle().children().toList()) {
                if (Liveness.zombie(c.pid())) {
                    return c.pid();
                }
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no zombie child appeared under " + p.pid());
    }
}
