package pog.trader.journal;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Decides, without writing a byte, whether an existing file is an intact trader journal. Runs before the schema
 * migration, which would otherwise create tables in (or "repair") whatever it was given.
 */
final class JournalCheck {
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    /** Flyway's bookkeeping table: every journal this trader ever created has it. */
    private static final String HISTORY = "flyway_schema_history";

    private JournalCheck() {
    }

    static void requireIntact(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        if (!Files.isRegularFile(file)) {
            throw new DamagedJournalException(file, "not a regular file");
        }
        Path wal = file.resolveSibling(file.getFileName() + "-wal");
        boolean hasWal = Files.exists(wal) && Files.size(wal) > 0;
        long size = Files.size(file);
        if (size == 0 && !hasWal) {
            throw new DamagedJournalException(file, "it is empty");
        }
        if (size > 0) {
            byte[] header;
            try (InputStream in = Files.newInputStream(file)) {
                header = in.readNBytes(100);
            }
            if (header.length < 100 || !java.util.Arrays.equals(header, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw new DamagedJournalException(file, "not a SQLite database");
            }
        }
        List<String> problems = new ArrayList<>();
        boolean hasHistory;
        // read-only; without a write-ahead log to replay, also "immutable": no lock or -shm file is created either
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        String url = "jdbc:sqlite:" + file.toAbsolutePath().toUri() + (hasWal ? "?mode=ro" : "?mode=ro&immutable=1");
        try (Connection db = config.createConnection(url); Statement st = db.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA quick_check")) {
                while (rs.next()) {
                    String line = rs.getString(1);
                    if (!"ok".equals(line)) {
                        problems.add(line);
                    }
                }
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '"
                    + HISTORY + "'")) {
                hasHistory = rs.next() && rs.getInt(1) == 1;
            }
        } catch (SQLException e) {
            throw new DamagedJournalException(file, SqliteWords.of(e));
        }
        if (!problems.isEmpty()) {
            throw new DamagedJournalException(file, problems.size() == 1 ? "a page fails the integrity check"
                    : problems.size() + " pages fail the integrity check");
        }
        if (!hasHistory) {
            throw new DamagedJournalException(file, "a SQLite file, but not a trader journal");
        }
    }
}
