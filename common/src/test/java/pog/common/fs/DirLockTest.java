package pog.common.fs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirLockTest {
    @TempDir
    Path dir;

    @Test
    void secondOwnerIsRefusedWithHolderPidUntilFirstReleases() throws IOException {
        try (DirLock first = DirLock.acquire(dir)) {
            assertThatThrownBy(() -> DirLock.acquire(dir))
                    .isInstanceOf(DirLock.LockedException.class)
                    .hasMessageContaining("pid " + ProcessHandle.current().pid());
        }
        try (DirLock again = DirLock.acquire(dir)) {
            assertThat(again.file()).exists();
        }
    }
}
