package pog.venue;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientIdTest {

    @Test
    void aPogIdRoundTripsThroughItsText() {
        ClientId id = new ClientId(123_456_789, 42);
        assertThat(id.toString()).isEqualTo("pog-123456789-42");
        assertThat(ClientId.parse(id.toString())).isEqualTo(id);
        assertThat(ClientId.epochOf("pog-123456789-42")).isEqualTo(123_456_789);
        ClientId widest = new ClientId(ClientId.MAX_EPOCH, ClientId.MAX_SEQUENCE);
        assertThat(ClientId.parse(widest.toString())).isEqualTo(widest);
    }

    @Test
    void anythingElseIsNotAPogId() {
        // a person's manual order, an id from before the epoch layout, or something that merely looks close
        for (String other : new String[]{null, "", "trader-hl-1001", "0x506f4701000000000000000100000001", "pog-",
                "pog-1", "pog-1-", "pog--1", "pog-01-1", "pog-1-01", "pog-1-+1", "pog-0-1", "pog-1-0",
                "pog-1-16384", "pog-1073741824-1", "pog-1-1-1", "POG-1-1", "pog-99999999999-1"}) {
            assertThat(ClientId.parse(other)).as(other).isNull();
            assertThat(ClientId.epochOf(other)).as(other).isEqualTo(-1);
        }
    }

    @Test
    void refusesNumbersTheVenuesCannotCarry() {
        assertThatThrownBy(() -> new ClientId(0, 1)).hasMessageContaining("epoch");
        assertThatThrownBy(() -> new ClientId(ClientId.MAX_EPOCH + 1, 1)).hasMessageContaining("epoch");
        assertThatThrownBy(() -> new ClientId(1, 0)).hasMessageContaining("sequence");
        assertThatThrownBy(() -> new ClientId(1, ClientId.MAX_SEQUENCE + 1)).hasMessageContaining("sequence");
    }
}
