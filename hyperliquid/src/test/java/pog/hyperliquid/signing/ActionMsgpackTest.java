package pog.hyperliquid.signing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Expected bytes are what Python's msgpack.packb writes for the same dict. */
class ActionMsgpackTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void integersUseTheNarrowestFormatAndUnsignedForPositives() throws Exception {
        assertThat(packValue(0L)).isEqualTo("00");
        assertThat(packValue(127L)).isEqualTo("7f");
        assertThat(packValue(128L)).isEqualTo("cc80");
        assertThat(packValue(255L)).isEqualTo("ccff");
        assertThat(packValue(256L)).isEqualTo("cd0100");
        assertThat(packValue(65535L)).isEqualTo("cdffff");
        assertThat(packValue(65536L)).isEqualTo("ce00010000");
        assertThat(packValue(4294967295L)).isEqualTo("ceffffffff");
        assertThat(packValue(4294967296L)).isEqualTo("cf0000000100000000");
        assertThat(packValue(-1L)).isEqualTo("ff");
        assertThat(packValue(-32L)).isEqualTo("e0");
        assertThat(packValue(-33L)).isEqualTo("d0df");
        assertThat(packValue(-129L)).isEqualTo("d1ff7f");
        assertThat(packValue(Long.MIN_VALUE)).isEqualTo("d38000000000000000");
    }

    @Test
    void integersAboveLongMaxStillFitUint64() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("v", new BigInteger("18446744073709551615"));
        assertThat(hex(ActionMsgpack.pack(n))).isEqualTo("81a176cfffffffffffffffff");
        n.put("v", new BigInteger("18446744073709551616"));
        assertThatThrownBy(() -> ActionMsgpack.pack(n)).hasMessageContaining("$.v");
    }

    @Test
    void stringsUseFixstrThenStr8() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("s", "a".repeat(31));
        assertThat(hex(ActionMsgpack.pack(n))).startsWith("81a173bf61");
        n.put("s", "a".repeat(32));
        assertThat(hex(ActionMsgpack.pack(n))).startsWith("81a173d92061");
        n.put("s", "a".repeat(256));
        assertThat(hex(ActionMsgpack.pack(n))).startsWith("81a173da010061");
    }

    @Test
    void keysKeepTheirOrder() throws Exception {
        byte[] ab = ActionMsgpack.pack(JSON.readTree("{\"a\":1,\"b\":true}"));
        byte[] ba = ActionMsgpack.pack(JSON.readTree("{\"b\":true,\"a\":1}"));
        assertThat(hex(ab)).isEqualTo("82a16101a162c3");
        assertThat(hex(ba)).isEqualTo("82a162c3a16101");
    }

    @Test
    void anOrderActionPacksLikePython() throws Exception {
        // msgpack.packb({"type":"order","orders":[{"a":1,"b":True,"p":"100","s":"100","r":False,
        //   "t":{"limit":{"tif":"Gtc"}}}],"grouping":"na"})
        String action = "{\"type\":\"order\",\"orders\":[{\"a\":1,\"b\":true,\"p\":\"100\",\"s\":\"100\",\"r\":false,"
                + "\"t\":{\"limit\":{\"tif\":\"Gtc\"}}}],\"grouping\":\"na\"}";
        assertThat(hex(ActionMsgpack.pack(JSON.readTree(action)))).isEqualTo(
                "83a474797065a56f72646572a66f72646572739186a16101a162c3a170a3313030a173a3313030a172c2"
                        + "a17481a56c696d697481a3746966a3477463a867726f7570696e67a26e61");
    }

    @Test
    void nullAndNestedArrays() throws Exception {
        assertThat(hex(ActionMsgpack.pack(JSON.readTree("{\"x\":null,\"y\":[[],[1]]}"))))
                .isEqualTo("82a178c0a1799290910" + "1");
    }

    @Test
    void floatsAreRefusedBecauseDecimalsTravelAsStrings() throws Exception {
        assertThatThrownBy(() -> ActionMsgpack.pack(JSON.readTree("{\"orders\":[{\"p\":1.5}]}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("$.orders[0].p");
    }

    private static String packValue(long v) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("v", v);
        String all = hex(ActionMsgpack.pack(n));
        assertThat(all).startsWith("81a176");
        return all.substring(6);
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
