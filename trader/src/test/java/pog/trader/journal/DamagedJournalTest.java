package pog.trader.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A journal that is not intact is refused before a byte is written to it; an intact one opens as before. */
class DamagedJournalTest {
    @TempDir
    Path dir;

    private Path journalWithHistory() throws IOException {
        Path file = dir.resolve("journal.db");
        try (Journal j = Journal.open(file)) {
            for (int i = 0; i < 2000; i++) {
                j.event(i, "filler", "x".repeat(200));
            }
            j.putMeta("order_seq", "1000");
            j.checkpoint();
        }
        return file;
    }

    private static String[] dirListing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    private void assertRefusedUntouched(Path file, String problem) throws IOException {
        byte[] before = Files.readAllBytes(file);
        String[] filesBefore = dirListing(dir);
        assertThatThrownBy(() -> Journal.open(file)).isInstanceOfSatisfying(DamagedJournalException.class, e -> {
            assertThat(e.problem()).contains(problem);
            assertThat(e.getMessage()).startsWith("journal " + file + " is damaged (")
                    .contains("nothing was changed").contains("Move it aside").contains("rebuilds its state from the venue")
                    .doesNotContain("\n").doesNotContain("SQLITE_").doesNotContain("Exception").doesNotContain("Flyway");
        });
        assertThat(Files.readAllBytes(file)).as("the damaged file is byte for byte as it was").isEqualTo(before);
        assertThat(dirListing(dir)).as("no -wal, -shm or other file appeared beside it").containsExactly(filesBefore);
    }

    @Test
    void garbageIsRefusedAndLeftAlone() throws IOException {
        Path file = dir.resolve("journal.db");
        byte[] garbage = new byte[50_000];
        new Random(1).nextBytes(garbage);
        Files.write(file, garbage);
        assertRefusedUntouched(file, "not a SQLite database");
    }

    @Test
    void truncatedJournalIsRefusedAndLeftAlone() throws IOException {
        Path file = journalWithHistory();
        long size = Files.size(file);
        try (var ch = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            ch.truncate(size / 2);
        }
        assertRefusedUntouched(file, "");
    }

    @Test
    void emptyFileIsRefusedRatherThanStartedAfresh() throws IOException {
        Path file = dir.resolve("journal.db");
        Files.createFile(file);
        assertRefusedUntouched(file, "it is empty");
    }

    @Test
    void someOtherSqliteFileIsNotMigratedIntoAJournal() throws Exception {
        Path file = dir.resolve("journal.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.createStatement().execute("CREATE TABLE notes (t TEXT)");
        }
        assertRefusedUntouched(file, "not a trader journal");
    }

    @Test
    void headerIntactButPagesOverwrittenIsRefused() throws IOException {
        Path file = journalWithHistory();
        byte[] bytes = Files.readAllBytes(file);
        java.util.Arrays.fill(bytes, 4096, bytes.length - 4096, (byte) 0x5a);
        Files.write(file, bytes);
        assertRefusedUntouched(file, "");
    }

    @Test
    void intactJournalWithAWriteAheadLogFromAKillOpensWithEverythingInIt() throws Exception {
        Path file = journalWithHistory();
        // what a kill -9 leaves: committed rows only in the -wal file
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.createStatement().execute("PRAGMA wal_autocheckpoint=0");
            c.createStatement().execute("INSERT INTO meta (key, value) VALUES ('after-kill', 'kept')");
            Path wal = dir.resolve("journal.db-wal");
            Path copy = dir.resolve("copy");
            Files.createDirectories(copy);
            Files.copy(file, copy.resolve("journal.db"));
            Files.copy(wal, copy.resolve("journal.db-wal"));
            assertThat(Files.size(copy.resolve("journal.db-wal"))).isPositive();
            try (Journal j = Journal.open(copy.resolve("journal.db"))) {
                assertThat(j.meta("after-kill", null)).isEqualTo("kept");
                assertThat(j.meta("order_seq", null)).isEqualTo("1000");
            }
        }
    }
    @Test
    void journalWhoseSchemaHistoryIsNotThisBuildsSaysSoAndIsLeftAlone() throws Exception {
        Path file = journalWithHistory();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.createStatement().execute("UPDATE flyway_schema_history SET checksum = 12345 WHERE version = '1'");
            c.createStatement().execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        byte[] before = Files.readAllBytes(file);
        assertThatThrownBy(() -> Journal.open(file)).isInstanceOfSatisfying(DamagedJournalException.class, e ->
                assertThat(e.getMessage()).startsWith("journal " + file + " was written by another version of PoG")
                        .contains("nothing was changed").contains("Run the version that wrote it, or move it aside")
                        .doesNotContain("\n").doesNotContain("Flyway").doesNotContain("checksum"));
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
    }
}
