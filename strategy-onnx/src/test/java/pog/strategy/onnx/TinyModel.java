package pog.strategy.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the tiny policy the tests use: {@code logits[1,3] = obs[1,3] x W[3,3]} (one MatMul), outputs in the order
 * flat, long, short, with the weights below. PyPI (and so the {@code onnx} Python package) is not reachable here, so
 * the ONNX protobuf is written field by field (onnx.proto3: ModelProto, GraphProto, NodeProto, TensorProto,
 * ValueInfoProto). Regenerate: {@code java strategy-onnx/src/test/java/pog/strategy/onnx/TinyModel.java FILE.onnx}
 */
public final class TinyModel {
    /** Rows: the observation [return:1, return:5, position]; columns: flat, long, short. */
    public static final float[][] WEIGHTS = {
            {0f, 40f, -40f},
            {0f, 10f, -10f},
            {0.01f, 0f, 0f},
    };

    private TinyModel() {
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "tiny-policy.onnx");
        write(out);
        System.out.println("wrote " + out);
    }

    public static void write(Path file) throws IOException {
        Files.write(file, model());
    }

    static byte[] model() {
        ByteBuffer raw = ByteBuffer.allocate(9 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] row : WEIGHTS) {
            for (float w : row) {
                raw.putFloat(w);
            }
        }
        byte[] weights = new Msg().varint(1, 3).varint(1, 3).varint(2, 1).string(8, "W").bytes(9, raw.array()).done();
        byte[] node = new Msg().string(1, "obs").string(1, "W").string(2, "logits").string(3, "policy")
                .string(4, "MatMul").done();
        byte[] graph = new Msg().bytes(1, node).string(2, "tiny-policy").bytes(5, weights)
                .bytes(11, valueInfo("obs", 1, 3)).bytes(12, valueInfo("logits", 1, 3)).done();
        byte[] opset = new Msg().varint(2, 13).done();
        return new Msg().varint(1, 8).string(2, "pog TinyModel").bytes(7, graph).bytes(8, opset).done();
    }

    private static byte[] valueInfo(String name, long... dims) {
        Msg shape = new Msg();
        for (long d : dims) {
            shape.bytes(1, new Msg().varint(1, d).done());
        }
        byte[] tensor = new Msg().varint(1, 1).bytes(2, shape.done()).done();
        return new Msg().string(1, name).bytes(2, new Msg().bytes(1, tensor).done()).done();
    }

    /** A protobuf message, field by field. */
    private static final class Msg {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Msg varint(int field, long value) {
            raw((long) field << 3);
            raw(value);
            return this;
        }

        Msg bytes(int field, byte[] value) {
            raw(((long) field << 3) | 2);
            raw(value.length);
            out.writeBytes(value);
            return this;
        }

        Msg string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        private void raw(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] done() {
            return out.toByteArray();
        }
    }
}
