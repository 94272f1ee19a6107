package pog.lighter.signer.curve;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import pog.lighter.signer.field.GfP5;

/** Reads the reference's curve vectors from test resources. */
final class Vectors {

    static final JsonNode ROOT = load();

    private Vectors() {
    }

    private static JsonNode load() {
        try (InputStream in = Vectors.class.getResourceAsStream("/pog/lighter/signer/ecgfp5-vectors.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long[] limbs(JsonNode arr) {
        long[] l = new long[arr.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = Long.parseUnsignedLong(arr.get(i).asText());
        }
        return l;
    }

    static GfP5 fp5(JsonNode arr) {
        return GfP5.of(limbs(arr));
    }

    static Point point(JsonNode p) {
        return new Point(fp5(p.get("x")), fp5(p.get("z")), fp5(p.get("u")), fp5(p.get("t")));
    }
}
