package pog.common.proc;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Tells the moment a process exits, whether or not it is a child of this JVM. The JDK's
 * {@link ProcessHandle#onExit} learns of a child's exit at once but polls for any other process (300 ms and
 * growing), and calls a zombie alive. On Linux (5.3 and later) each watched pid gets a pidfd ({@code pidfd_open}),
 * which becomes readable when the process exits (zombie or not); one thread waits on all of them in {@code poll(2)},
 * so watching costs nothing while nothing dies. Elsewhere, or when pidfds are refused, one thread looks at every
 * watched pid each {@code fallback} interval ({@link Liveness}, zombie-aware). Never signals anything.
 */
public final class ExitWatch implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ExitWatch.class);
    /** pidfd_open: the same number on every Linux architecture that has it (the syscall table was unified in 5.1). */
    private static final long SYS_PIDFD_OPEN = 434;
    private static final short POLLIN = 0x1;

    private final Map<Long, Watch> watches = new HashMap<>();
    private final Duration fallback;
    private final boolean pidfd;
    private final int[] wake = new int[2];
    private final Thread poller;
    private final ScheduledExecutorService prober;
    private volatile boolean closed;

    private record Watch(long pid, int fd, CompletableFuture<Long> exit) {
    }

    /** Direct-mapped libc calls (no varargs, no per-call reflection). */
    private static final class C {
        static native int syscall(long number, int pid, int flags);

        static native int poll(Pointer fds, int nfds, int timeoutMs);

        static native int close(int fd);

        static native int pipe(int[] fds);

        static native long write(int fd, byte[] buf, long count);

        static native long read(int fd, byte[] buf, long count);

        static {
            Native.register(Platform.C_LIBRARY_NAME);
        }
    }

    private ExitWatch(Duration fallback, boolean tryPidfd) {
        this.fallback = fallback;
        boolean ok = false;
        if (tryPidfd && Platform.isLinux()) {
            try {
                int self = (int) C.syscall(SYS_PIDFD_OPEN, (int) ProcessHandle.current().pid(), 0);
                if (self >= 0) {
                    C.close(self);
                    ok = C.pipe(wake) == 0;
                }
            } catch (Throwable e) {
                // no JNA native part for this platform, or a kernel without pidfds: the fallback poll does it
                log.info("event=exit_watch_fallback reason=\"{}\"", e.getMessage());
            }
        }
        this.pidfd = ok;
        if (pidfd) {
            poller = new Thread(this::pollLoop, "exit-watch");
            poller.setDaemon(true);
            poller.start();
            prober = null;
        } else {
            poller = null;
            prober = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "exit-watch-poll");
                t.setDaemon(true);
                return t;
            });
            prober.scheduleWithFixedDelay(this::probe, fallback.toMillis(), fallback.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** @param fallback how often each watched pid is looked at when the OS gives no exit notification */
    public static ExitWatch start(Duration fallback) {
        return new ExitWatch(fallback, true);
    }

    /** The fallback alone, as on a system without pidfds (for tests). */
    public static ExitWatch pollingOnly(Duration interval) {
        return new ExitWatch(interval, false);
    }

    /** "pidfd" when exits are notified by the kernel, else "poll every N ms". */
    public String mechanism() {
        return pidfd ? "pidfd" : "poll every " + fallback.toMillis() + " ms";
    }

    /**
     * Completes with the pid once that process has exited (at once when it is already gone or a zombie). Watching
     * the same pid twice shares one watch. After {@link #close} the future never completes.
     */
    public CompletableFuture<Long> onExit(long pid) {
        synchronized (watches) {
            Watch w = watches.get(pid);
            if (w != null) {
                return w.exit();
            }
            if (closed) {
                return new CompletableFuture<>();
            }
            CompletableFuture<Long> exit = new CompletableFuture<>();
            int fd = -1;
            if (pidfd) {
                fd = C.syscall(SYS_PIDFD_OPEN, (int) pid, 0);
                if (fd < 0) {
                    // ESRCH: no such process any more
                    exit.complete(pid);
                    return exit;
                }
            }
            // a pidfd opened on a zombie is readable at once; the explicit look covers the poll fallback too
            if (!Liveness.alive(pid)) {
                if (fd >= 0) {
                    C.close(fd);
                }
                exit.complete(pid);
                return exit;
            }
            watches.put(pid, new Watch(pid, fd, exit));
            if (pidfd) {
                C.write(wake[1], new byte[]{1}, 1);
            }
            return exit;
        }
    }

    private void pollLoop() {
        Memory fds = new Memory(8L * 16);
        int capacity = 16;
        byte[] drain = new byte[64];
        while (!closed) {
            List<Watch> ws;
            synchronized (watches) {
                ws = new ArrayList<>(watches.values());
            }
            int n = ws.size() + 1;
            if (n > capacity) {
                capacity = n * 2;
                fds = new Memory(8L * capacity);
            }
            // struct pollfd { int fd; short events; short revents; }
            fds.setInt(0, wake[0]);
            fds.setShort(4, POLLIN);
            fds.setShort(6, (short) 0);
            for (int i = 0; i < ws.size(); i++) {
                long off = 8L * (i + 1);
                fds.setInt(off, ws.get(i).fd());
                fds.setShort(off + 4, POLLIN);
                fds.setShort(off + 6, (short) 0);
            }
            int ready = C.poll(fds, n, -1);
            if (ready <= 0) {
                continue;
            }
            if (fds.getShort(6) != 0) {
                C.read(wake[0], drain, drain.length);
            }
            for (int i = 0; i < ws.size(); i++) {
                if (fds.getShort(8L * (i + 1) + 6) != 0) {
                    finish(ws.get(i));
                }
            }
        }
        synchronized (watches) {
            for (Watch w : watches.values()) {
                C.close(w.fd());
            }
            watches.clear();
            C.close(wake[0]);
            C.close(wake[1]);
        }
    }

    private void probe() {
        List<Watch> ws;
        synchronized (watches) {
            ws = new ArrayList<>(watches.values());
        }
        for (Watch w : ws) {
            if (!Liveness.alive(w.pid())) {
                finish(w);
            }
        }
    }

    private void finish(Watch w) {
        synchronized (watches) {
            if (watches.remove(w.pid()) != w) {
                return;
            }
            if (w.fd() >= 0) {
                C.close(w.fd());
            }
        }
        w.exit().complete(w.pid());
    }

    /** Stops watching; pending futures never complete. Never touches a watched process. */
    @Override
    public void close() {
        synchronized (watches) {
            if (closed) {
                return;
            }
            closed = true;
            if (pidfd) {
                C.write(wake[1], new byte[]{1}, 1);
            }
        }
        if (prober != null) {
            prober.shutdownNow();
        }
    }
}
