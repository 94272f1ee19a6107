package pog.hyperliquid.signing;

import com.fasterxml.jackson.databind.JsonNode;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePacker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Map;

/**
 * Msgpack of an action exactly as Python's {@code msgpack.packb} writes the same dict: keys in the order given,
 * integers in the narrowest format (positive ones unsigned), strings as str8/16/32, {@code true}/{@code false},
 * nil. The signature covers these bytes, so a reordered key or a wider integer is a different action.
 */
public final class ActionMsgpack {
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private ActionMsgpack() {
    }

    public static byte[] pack(JsonNode action) {
        try (MessageBufferPacker packer = MessagePack.newDefaultBufferPacker()) {
            write(packer, action, "$");
            return packer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(MessagePacker p, JsonNode node, String path) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                p.packMapHeader(node.size());
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    p.packString(field.getKey());
                    write(p, field.getValue(), path + "." + field.getKey());
                }
            }
            case ARRAY -> {
                p.packArrayHeader(node.size());
                for (int i = 0; i < node.size(); i++) {
                    write(p, node.get(i), path + "[" + i + "]");
                }
            }
            case STRING -> p.packString(node.textValue());
            case BOOLEAN -> p.packBoolean(node.booleanValue());
            case NULL -> p.packNil();
            case NUMBER -> writeNumber(p, node, path);
            case BINARY -> {
                byte[] bytes = node.binaryValue();
                p.packBinaryHeader(bytes.length);
                p.writePayload(bytes);
            }
            default -> throw new IllegalArgumentException("action has an unsupported value at " + path);
        }
    }

    private static void writeNumber(MessagePacker p, JsonNode node, String path) throws IOException {
        if (node.canConvertToLong() && node.isIntegralNumber()) {
            p.packLong(node.longValue());
        } else if (node.isBigInteger()) {
            BigInteger value = node.bigIntegerValue();
            if (value.signum() < 0 || value.compareTo(UINT64_MAX) > 0) {
                throw new IllegalArgumentException("integer at " + path + " does not fit in 64 bits");
            }
            p.packBigInteger(value);
        } else {
            // Hyperliquid actions carry decimals as strings; a float here would sign bytes the venue never sees.
            throw new IllegalArgumentException("action has a non-integer number at " + path
                    + "; decimals go on the wire as strings");
        }
    }
}
