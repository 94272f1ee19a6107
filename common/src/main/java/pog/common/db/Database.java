package pog.common.db;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * A SQLite file brought to its newest schema by versioned Flyway migrations from
 * {@code classpath:db/<schema>/V<n>__<what>.sql}; a file whose history already holds exactly those migrations,
 * with their checksums, opens without Flyway ({@link SchemaCheck}). WAL + synchronous=NORMAL: a committed transaction survives the
 * process being killed; only an OS crash may lose the last moments.
 */
public final class Database {
    private static final Logger log = LoggerFactory.getLogger(Database.class);

    private Database() {
    }

    public static SQLiteDataSource dataSource(Path file) {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(5_000);
        config.enforceForeignKeys(true);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return ds;
    }

    /** Opens (creating when missing) and migrates the file; returns a connection the caller owns. */
    public static Connection open(Path file, String schema) throws SQLException, IOException {
        return open(file, schema, Database.class.getClassLoader());
    }

    /** The same with the migrations of {@code loader} (tests give their own). */
    static Connection open(Path file, String schema, ClassLoader loader) throws SQLException, IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        SQLiteDataSource ds = dataSource(file);
        if (Files.exists(file)) {
            // the usual start: the schema is already the newest, so Flyway (and its 400 classes) is not needed
            Connection db = ds.getConnection();
            try {
                if (SchemaCheck.current(db, schema, loader)) {
                    return db;
                }
            } catch (RuntimeException e) {
                db.close();
                throw e;
            }
            db.close();
        }
        MigrateResult result = Flyway.configure(loader)
                .dataSource(ds)
                .locations("classpath:db/" + schema)
                .loggers("slf4j")
                .load()
                .migrate();
        if (result.migrationsExecuted > 0) {
            log.info("event=db_migrated file={} schema={} from={} to={} applied={}", file, schema,
                    result.initialSchemaVersion, result.targetSchemaVersion, result.migrationsExecuted);
        }
        return ds.getConnection();
    }
}
