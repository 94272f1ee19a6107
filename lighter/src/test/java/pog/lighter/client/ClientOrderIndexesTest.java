package pog.lighter.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pog.venue.ClientId;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ClientOrderIndexesTest {

    @Test
    void aPogIdIsLaidOutInTheIndexAndReadBackWithoutTheMappingFile(@TempDir Path dir) {
        ClientId id = new ClientId(0x2a5b3c4d, 9);
        long index = ClientOrderIndexes.indexOf(281, id.toString());
        assertThat(index).isEqualTo(0xAL << 44 | 0x2a5b3c4dL << 14 | 9);
        assertThat(index).isBetween(1L, ClientOrderIndexes.MAX);
        // another process, its mapping file lost: the epoch still comes back from the venue's number
        ClientOrderIndexes fresh = new ClientOrderIndexes(281, dir.resolve("none"));
        assertThat(fresh.clientIdOf(index)).isEqualTo("pog-710622285-9");
        ClientId widest = new ClientId(ClientId.MAX_EPOCH, ClientId.MAX_SEQUENCE);
        assertThat(ClientOrderIndexes.indexOf(widest)).isEqualTo(0xAFFF_FFFF_FFFFL).isLessThan(ClientOrderIndexes.MAX);
        assertThat(ClientOrderIndexes.pogIdOf(ClientOrderIndexes.indexOf(widest))).isEqualTo(widest);
    }

    @Test
    void otherIndexesCarryNoPogId(@TempDir Path dir) {
        ClientOrderIndexes fresh = new ClientOrderIndexes(281, dir.resolve("none"));
        // a person's own numbers: small counters, millisecond timestamps
        assertThat(fresh.clientIdOf(1)).isNull();
        assertThat(fresh.clientIdOf(1_764_700_000_000L)).isNull();
        assertThat(ClientOrderIndexes.pogIdOf(0xAL << 44)).as("epoch and sequence 0").isNull();
        // hashed (non-PoG) client ids never wear the layout, whatever their hash
        for (int i = 0; i < 5_000; i++) {
            long index = ClientOrderIndexes.indexOf(281, "trader-lighter-" + i);
            assertThat(index >>> 44).as("top nibble of " + index).isNotEqualTo(0xAL);
            assertThat(index).isBetween(1L, ClientOrderIndexes.MAX);
        }
    }

    @Test
    void aRegisteredIdIsKnownToTheNextProcessSharingTheFile(@TempDir Path dir) {
        Path file = dir.resolve("coi");
        ClientOrderIndexes first = new ClientOrderIndexes(281, file);
        assertThat(first.known("pog-5-1")).isFalse();
        first.register("pog-5-1");
        assertThat(first.known("pog-5-1")).isTrue();
        assertThat(new ClientOrderIndexes(281, file).known("pog-5-1")).isTrue();
        assertThat(new ClientOrderIndexes(281, file).known("pog-5-2")).isFalse();
    }
}
