package pog.common.db;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Opening a journal: a new file is migrated by Flyway; a file already at the newest schema opens without it; a file
 * behind the code is migrated, and one whose applied migration was edited since is refused by Flyway as before.
 */
class DatabaseTest {
    @TempDir
    Path dir;

    private ClassLoader migrations(String... files) throws Exception {
        Path root = dir.resolve("cp" + System.nanoTime());
        Files.createDirectories(root.resolve("db/t"));
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(root.resolve("db/t").resolve(files[i]), files[i + 1]);
        }
        return new URLClassLoader(new URL[] {root.toUri().toURL()}, Database.class.getClassLoader());
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void aFileAtTheNewestSchemaIsRecognisedSoOpeningSkipsFlyway() throws Exception {
        ClassLoader v1 = migrations("V1__first.sql", "CREATE TABLE a (x INTEGER);\n-- a comment\n");
        Path file = dir.resolve("j.db");
        try (Connection db = Database.open(file, "t", v1)) {
            assertThat(SchemaCheck.current(db, "t", v1)).isTrue();
            try (Statement s = db.createStatement()) {
                s.execute("INSERT INTO a VALUES (7)");
            }
        }
        try (Connection db = Database.open(file, "t", v1)) {
            assertThat(count(db, "SELECT x FROM a")).isEqualTo(7);
        }
    }

    @Test
    void aNewMigrationIsNotCurrentAndIsApplied() throws Exception {
        Path file = dir.resolve("j.db");
        Database.open(file, "t", migrations("V1__first.sql", "CREATE TABLE a (x INTEGER);")).close();
        ClassLoader v2 = migrations("V1__first.sql", "CREATE TABLE a (x INTEGER);", "V2__second.sql",
                "CREATE TABLE b (y INTEGER);");
        try (Connection db = Database.open(file, "t", v2)) {
            assertThat(count(db, "SELECT COUNT(*) FROM b")).isZero();
            assertThat(count(db, "SELECT COUNT(*) FROM flyway_schema_history")).isEqualTo(2);
            assertThat(SchemaCheck.current(db, "t", v2)).isTrue();
        }
    }

    @Test
    void anAppliedMigrationEditedSinceIsNotCurrentAndFlywayRefusesIt() throws Exception {
        Path file = dir.resolve("j.db");
        Database.open(file, "t", migrations("V1__first.sql", "CREATE TABLE a (x INTEGER);")).close();
        ClassLoader edited = migrations("V1__first.sql", "CREATE TABLE a (x INTEGER, z TEXT);");
        assertThatThrownBy(() -> Database.open(file, "t", edited)).hasMessageContaining("checksum");
    }

    @Test
    void aFileFromNewerCodeIsNotCurrent() throws Exception {
        Path file = dir.resolve("j.db");
        Database.open(file, "t", migrations("V1__first.sql", "CREATE TABLE a (x INTEGER);", "V2__second.sql",
                "CREATE TABLE b (y INTEGER);")).close();
        ClassLoader older = migrations("V1__first.sql", "CREATE TABLE a (x INTEGER);");
        try (Connection db = Database.dataSource(file).getConnection()) {
            assertThat(SchemaCheck.current(db, "t", older)).isFalse();
        }
    }

    @Test
    void theChecksumIsFlywaysSoTheShippedJournalsAreRecognised() throws Exception {
        Path file = dir.resolve("j.db");
        ClassLoader v1 = migrations("V1__first.sql", "\uFEFFCREATE TABLE a (x INTEGER);\r\n\r\nCREATE TABLE c (y TEXT);\r\n");
        try (Connection db = Database.open(file, "t", v1)) {
            // Flyway wrote its own checksum of the file; ours agrees with it, BOM and CRLF included
            assertThat(SchemaCheck.applied(db)).isEqualTo(SchemaCheck.migrations("t", v1));
        }
    }
}
