package pog.common.fs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

class IoWordsTest {
    @Test
    void aMissingParentDirectoryIsSaidInPlainWords(@TempDir Path dir) {
        IOException e = assertThrows(IOException.class, () -> Files.createFile(dir.resolve("no/such/key")));
        assertThat(IoWords.of(e)).isEqualTo("no such file or directory");
    }

    @Test
    void aFileInTheWayOfADirectoryIsSaidInPlainWords(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("file"));
        IOException e = assertThrows(IOException.class, () -> Files.createFile(file.resolve("key")));
        assertThat(IoWords.of(e)).doesNotContain("Exception").isNotBlank();
    }

    @Test
    void anExistingFileIsSaidInPlainWords(@TempDir Path dir) throws IOException {
        Path file = Files.createFile(dir.resolve("file"));
        IOException e = assertThrows(IOException.class, () -> Files.createFile(file));
        assertThat(IoWords.of(e)).isEqualTo("it already exists");
    }
}
