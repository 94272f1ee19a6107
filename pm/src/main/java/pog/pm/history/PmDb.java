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

    public PmDb(Path file) {
        thread.execute(() -> {
            try {
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
