package pog.simfront;

import pog.common.db.Database;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A venue simulator's own SQLite file beside the sim core's {@code exchange.db} (keys, nonces, aliases): opened,
 * migrated from {@code classpath:db/<schema>}, and read into memory by the venue's store in one go, with explicit
 * transactions from then on. A file that cannot be opened or read is a clear error, and its connection is closed.
 */
public final class StateFile {
    private StateFile() {
    }

    /** Reads the migrated file into the venue's store. */
    @FunctionalInterface
    public interface Loader<T> {
        T load(Connection db) throws SQLException;
    }

    /** One row of a load query. */
    @FunctionalInterface
    public interface Row {
        void read(ResultSet r) throws SQLException;
    }

    /** Runs {@code sql} and hands each row to {@code row}: what a store's load is made of. */
    public static void each(Connection db, String sql, Row row) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                row.read(r);
            }
        }
    }

    /**
     * Runs one change and commits it before the caller answers anyone, so a kill -9 loses nothing that was answered;
     * a failed change is rolled back and is an IllegalStateException.
     */
    public static void write(Connection db, String sql, Object... args) {
        try (PreparedStatement p = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                p.setObject(i + 1, args[i]);
            }
            p.executeUpdate();
            db.commit();
        } catch (SQLException e) {
            try {
                db.rollback();
            } catch (SQLException ignored) {
                // the original failure is what the caller needs to see
            }
            throw new IllegalStateException("simulator state write failed: " + e.getMessage(), e);
        }
    }

    /** Closes the file at shutdown; every answer given was committed already, so there is nothing left to save. */
    public static void close(Connection db) {
        try {
            db.close();
        } catch (SQLException ignored) {
            // nothing left to save
        }
    }

    /** Opens {@code file} (creating it when missing), migrates it and hands it, autocommit off, to {@code loader}. */
    public static <T> T open(Path file, String schema, Loader<T> loader) {
        Connection db = null;
        try {
            db = Database.open(file, schema);
            db.setAutoCommit(false);
            T store = loader.load(db);
            db.commit();
            return store;
        } catch (SQLException | IOException e) {
            if (db != null) {
                try {
                    db.close();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new IllegalStateException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }
}
