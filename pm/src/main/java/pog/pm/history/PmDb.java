package pog.pm.history;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pog.common.db.Database;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * PM's SQLite file behind one thread. Opening and migrating it takes a while, and watching traders must not wait for
 * it: work is queued from the start and runs, in order, once the file is ready. A read queued after a write sees it.
 */
public final class PmDb implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PmDb.class);

    /** One unit of work on the connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection db) throws SQLException;
    }

    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pm-db");
        t.setDaemon(true);
        return t;
    });
    private final CompletableFuture<Connection> connection = new CompletableFuture<>();
    private final CompletableFuture<?> after;
    /** The longest PM's start may defer opening the file. */
    public static final long MAX_DEFER_MS = 10_000;

    /** Waits for {@code f} up to {@link #MAX_DEFER_MS}; whatever it completes with, the caller goes on. */
    public static void awaitQuietly(CompletableFuture<?> f) {
        try {
            f.get(MAX_DEFER_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // go on: the deferral is an optimisation, never a reason not to open
        }
    }

    /** Opens the file at once. */
    public PmDb(Path file) {
        this(file, CompletableFuture.completedFuture(null));
    }

    /**
     * Opens the file once {@code after} completes (or after {@value #MAX_DEFER_MS} ms, whichever is first): PM's
     * start lets its adoption of traders go first, since on a small machine opening and migrating SQLite competes
     * with it for the CPU. Work submitted meanwhile waits, in order, as it does while the file opens.
     */
    public PmDb(Path file, CompletableFuture<?> after) {
        this.after = after;
        thread.execute(() -> {
            try {
                awaitQuietly(after);
                connection.complete(Database.open(file, "pm"));
            } catch (Exception | Error e) {
                log.error("event=db_unavailable file={} error={}", file, e.toString());
                connection.completeExceptionally(e);
            }
        });
    }

    public <T> CompletableFuture<T> submit(Work<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            thread.execute(() -> {
                try {
                    result.complete(work.run(connection.join()));
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            result.completeExceptionally(new SQLException("PM's database is closed"));
        }
        return result;
    }

    /** Runs a read (or a write whose result the caller needs) and waits for it. */
    public <T> T call(Work<T> work) throws SQLException {
        try {
            return submit(work).get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof SQLException s) {
                throw s;
            }
            throw new SQLException(c);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new SQLException("PM's database did not answer within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted");
        }
    }

    /** Finishes the queued work, then closes the file. */
    @Override
    public void close() {
        // a deferred open goes ahead now, so the queued work (PM's stop event) is written before the file closes
        after.complete(null);
        thread.execute(() -> {
            if (connection.isDone() && !connection.isCompletedExceptionally()) {
                try {
                    connection.join().close();
                } catch (SQLException e) {
                    log.warn("event=db_close_failed error={}", e.toString());
                }
            }
        });
        thread.shutdown();
        try {
            if (!thread.awaitTermination(5, TimeUnit.SECONDS)) {
                thread.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
