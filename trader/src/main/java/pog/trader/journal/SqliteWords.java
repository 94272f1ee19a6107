package pog.trader.journal;

import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

import java.sql.SQLException;

/** What SQLite's failure means, in a few plain words for health checks and the person (never the driver's text). */
final class SqliteWords {
    private SqliteWords() {
    }

    static String of(SQLException e) {
        SQLiteErrorCode code = e instanceof SQLiteException s ? s.getResultCode() : null;
        if (code == null) {
            return "database error";
        }
        String name = code.name();
        if (name.startsWith("SQLITE_FULL") || name.startsWith("SQLITE_IOERR_WRITE") && isNoSpace(e)) {
            return "disk full";
        }
        if (name.startsWith("SQLITE_READONLY")) {
            return "file or file system is read-only";
        }
        if (name.startsWith("SQLITE_PERM") || name.startsWith("SQLITE_AUTH")) {
            return "permission denied";
        }
        if (name.startsWith("SQLITE_IOERR")) {
            return "disk I/O error";
        }
        if (name.startsWith("SQLITE_CANTOPEN")) {
            return "cannot open the file";
        }
        if (name.startsWith("SQLITE_CORRUPT")) {
            return "malformed database pages";
        }
        if (name.startsWith("SQLITE_NOTADB")) {
            return "not a SQLite database";
        }
        if (name.startsWith("SQLITE_BUSY") || name.startsWith("SQLITE_LOCKED")) {
            return "locked by another process";
        }
        return "database error " + name.substring("SQLITE_".length()).toLowerCase().replace('_', ' ');
    }

    private static boolean isNoSpace(SQLException e) {
        return e.getMessage() != null && e.getMessage().toLowerCase().contains("no space");
    }
}
