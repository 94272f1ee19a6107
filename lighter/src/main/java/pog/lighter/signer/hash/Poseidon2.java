package pog.lighter.signer.hash;

import pog.lighter.signer.field.Gf;
import pog.lighter.signer.field.GfP5;

/**
 * Poseidon2 over Goldilocks, width 12, rate 8, x^7 S-box, 8 full and 22 partial rounds, with the
 * round constants and internal diagonal of Lighter's reference (poseidon_crypto; both its gnark and
 * Plonky2 flavours use the same permutation).
 *
 * <p>The sponge is Plonky2's "no pad" overwrite mode: each chunk of up to 8 inputs overwrites
 * the start of the state (the rest is kept), then the state is permuted; outputs are read from the
 * first 8 lanes, permuting again when more are needed.
 */
public final class Poseidon2 {

    public static final int WIDTH = 12;
    public static final int RATE = 8;
    private static final int ROUNDS_F_HALF = 4;
    private static final int ROUNDS_P = 22;

    static final long[][] EXTERNAL_CONSTANTS = {
        {0xD70193D17AB3B7D6L, 0xA2C3662A78A9162BL, 0x7A9FDA827556AD44L, 0xE8D5501818C99643L, 0x4C7A8FCED4D5FD38L, 0x55AB38985C0C513DL,
         0x28A17BD016210B0BL, 0x8F8277679EC32FA8L, 0x768B3C3D68A460E9L, 0x872A022EB559D941L, 0xD1316DD4B3B97973L, 0xA7B608E578321000L},
        {0x3FA02C87B0BEE026L, 0x7A38F0022E13C31EL, 0x00C054F3C5E8D20DL, 0x439F50F4BCA7242FL, 0x4D0938AA57CD517FL, 0xB2E03AC5FB6B9A7DL,
         0xE29D1F4237BEDCA8L, 0x05B7C844BC99B848L, 0x91CC0B73F34E17EDL, 0x876E4427694BD755L, 0x67002AE0725C612DL, 0x05351F20E0B6315FL},
        {0x2E3B9EF5457EB60BL, 0xD9AC17618C3783DDL, 0x0807528AD8874BCFL, 0xC78D546A455D2A0EL, 0xF8B930C81E2481F0L, 0x712707D8DFF3B041L,
         0xDCB8C0AA0B9D34C3L, 0x9BADDBDF2EE3A468L, 0x2DD16D50C5176C78L, 0x89EAC5CFBC075CD3L, 0x2A741DEA181587F3L, 0x1A4D6AA85A113D84L},
        {0x4D736286A2387E34L, 0x8BAD5DFC4FCB3EE3L, 0x84FBD03ADB77C56AL, 0x8D5CDD1A23EC53A2L, 0x036F08F08FFF28ECL, 0xB717A3F4DBDFB443L,
         0x58A074B5509D645CL, 0xF92BF834E4B87718L, 0x1541C3A0BAA5AC4BL, 0x22149E6783E67692L, 0x9BE8B5D9E112476FL, 0x41E0969F62BABB76L},
        {0xBC585AD3B9443DBBL, 0xF28DD3206975CBB1L, 0xDD8815E53CA045E0L, 0xDE82C416B9E701BAL, 0xC5CB875233AFA025L, 0x7212697CD897FFA9L,
         0x67844790AA63CFD7L, 0xDC0B9CFA97FE65C3L, 0xE8FE091869A82070L, 0x62902BB2E413C6D1L, 0x29F9F5001FB84F57L, 0xBE1014796EF5F8BEL},
        {0x71FEB53E9BDBA19CL, 0x251054F592EBB71CL, 0xE1A57643A4BB284BL, 0xA4BA6F87A45B739BL, 0x2C1FCADE0B958C49L, 0xBBB424CDA9A3E360L,
         0x2CA647354C5F3F54L, 0xC9277B64D152E084L, 0xDBC9AC97445EFF17L, 0x6F6CDF3198969F70L, 0x1DE29D14FA76D8F1L, 0x73337458A8CC1D19L},
        {0xB87E775E2FB3AB23L, 0xF166A1C7A565C80BL, 0xB24BE06F426C747FL, 0xC281E8C49482CE00L, 0x51974C3B3B726C2DL, 0x87444CF8CAF7D619L,
         0x7C362F827A580CEDL, 0x9567AF14667647A0L, 0xCBF0473CBEC54E37L, 0xE3209DEDEFF4F620L, 0xD43AD94E45A4C4EEL, 0x976981EE73F41768L},
        {0xEF707A224E207258L, 0x2FC779E10E6362EEL, 0x29B5EE60AD8C891FL, 0x96B37B39D8BFD667L, 0x877DF68A8B22E733L, 0x5C41746F562C8D9FL,
         0x0C9D76751052B71AL, 0xFB3465341BF1C087L, 0xA0D14DC614D15EB1L, 0xDC27D17136906FA6L, 0x482E163B05EC397FL, 0x0273A462992366EFL},
    };
    static final long[] INTERNAL_CONSTANTS = {
        0xA571418D95897B60L, 0x8F32676574FCF6D3L, 0x731102D4E3FB1BBEL, 0x0330F08328A82D2BL,
        0x7F0449B6557F785DL, 0x62F06210658DCBCBL, 0xD5A98AF9F89C458BL, 0x77EC69083A346385L,
        0xEF7CA48BBC27F890L, 0x53E9652F61EAC532L, 0xA71C634ABFF4F0CCL, 0xB16F5F0D7E28EA29L,
        0xC9DDE31D0A003AB2L, 0x2DDADF9775902533L, 0xE4FA73FB16408B47L, 0x90242EBC00D2EE59L,
        0xBB02DFFD9F381982L, 0xDEA328364C50907CL, 0x1395D3B924857CF8L, 0x7D3EAD0D5AEC04E6L,
        0xC2F12BE3FED74668L, 0x0BA3C338F8C3D285L,
    };
    static final long[] MATRIX_DIAG = {
        0xC3B6C08E23BA9300L, 0xD84B5DE94A324FB6L, 0x0D0C371C5B35B84FL, 0x7964F570E7188037L,
        0x5DAF18BBD996604BL, 0x6743BC47B9595257L, 0x5528B9362C59BB70L, 0xAC45E25B7127B68BL,
        0xA2077D7DFBB606B5L, 0xF3FAAC6FAEE378AEL, 0x0C6388B51545E883L, 0xD27DBB6944917B60L,
    };

    private Poseidon2() {
    }

    /** Permutes a 12-lane state in place; lanes may hold any 64-bit values and come out canonical. */
    public static void permute(long[] state) {
        if (state.length != WIDTH) {
            throw new IllegalArgumentException("Poseidon2 state has 12 lanes, got " + state.length);
        }
        for (int i = 0; i < WIDTH; i++) {
            state[i] = Gf.of(state[i]);
        }
        externalLinearLayer(state);
        for (int r = 0; r < ROUNDS_F_HALF; r++) {
            fullRound(state, r);
        }
        for (int r = 0; r < ROUNDS_P; r++) {
            state[0] = sbox(Gf.addCanonical(state[0], INTERNAL_CONSTANTS[r]));
            internalLinearLayer(state);
        }
        for (int r = ROUNDS_F_HALF; r < 2 * ROUNDS_F_HALF; r++) {
            fullRound(state, r);
        }
    }

    private static void fullRound(long[] state, int round) {
        long[] rc = EXTERNAL_CONSTANTS[round];
        for (int i = 0; i < WIDTH; i++) {
            state[i] = sbox(Gf.addCanonical(state[i], rc[i]));
        }
        externalLinearLayer(state);
    }

    private static long sbox(long x) {
        long x2 = Gf.square(x);
        long x3 = Gf.mul(x2, x);
        long x6 = Gf.square(x3);
        return Gf.mul(x6, x);
    }

    /**
     * Each block of four lanes is multiplied by the circulant-like matrix
     * [[2,3,1,1],[1,2,3,1],[1,1,2,3],[3,1,1,2]]; then every lane gets the sum of the lanes in
     * its position across the three blocks.
     */
    private static void externalLinearLayer(long[] s) {
        for (int i = 0; i < WIDTH; i += 4) {
            long x0 = s[i];
            long x1 = s[i + 1];
            long x2 = s[i + 2];
            long x3 = s[i + 3];
            long t01 = Gf.addCanonical(x0, x1);
            long t23 = Gf.addCanonical(x2, x3);
            long t0123 = Gf.addCanonical(t01, t23);
            s[i] = Gf.addCanonical(Gf.addCanonical(t0123, t01), x1);
            s[i + 1] = Gf.addCanonical(Gf.addCanonical(t0123, x1), Gf.addCanonical(x2, x2));
            s[i + 2] = Gf.addCanonical(Gf.addCanonical(t0123, t23), x3);
            s[i + 3] = Gf.addCanonical(Gf.addCanonical(t0123, x3), Gf.addCanonical(x0, x0));
        }
        for (int k = 0; k < 4; k++) {
            long sum = Gf.addCanonical(Gf.addCanonical(s[k], s[k + 4]), s[k + 8]);
            s[k] = Gf.addCanonical(s[k], sum);
            s[k + 4] = Gf.addCanonical(s[k + 4], sum);
            s[k + 8] = Gf.addCanonical(s[k + 8], sum);
        }
    }

    /** state[i] = sum(state) + state[i] * diag[i]. */
    private static void internalLinearLayer(long[] s) {
        long sum = 0;
        for (int i = 0; i < WIDTH; i++) {
            sum = Gf.addCanonical(sum, s[i]);
        }
        for (int i = 0; i < WIDTH; i++) {
            s[i] = Gf.mulAdd(s[i], MATRIX_DIAG[i], sum);
        }
    }

    /** Plonky2's hash_n_to_m_no_pad: absorbs all inputs, squeezes numOutputs lanes. */
    public static long[] hashNToMNoPad(long[] input, int numOutputs) {
        long[] state = new long[WIDTH];
        for (int i = 0; i < input.length; i += RATE) {
            for (int j = 0; j < RATE && i + j < input.length; j++) {
                state[j] = input[i + j];
            }
            permute(state);
        }
        long[] out = new long[numOutputs];
        int n = 0;
        while (true) {
            for (int i = 0; i < RATE; i++) {
                out[n++] = Gf.of(state[i]);
                if (n == numOutputs) {
                    return out;
                }
            }
            permute(state);
        }
    }

    /** The 4-lane digest (Plonky2's HashOut). */
    public static long[] hashNoPad(long[] input) {
        return hashNToMNoPad(input, 4);
    }

    /** Hashes field elements to one GF(p^5) element: the message digest Lighter signs. */
    public static GfP5 hashToQuinticExtension(long... input) {
        long[] r = hashNToMNoPad(input, 5);
        return new GfP5(r[0], r[1], r[2], r[3], r[4]);
    }

    /** Hashes two digests' worth of lanes: a Merkle-style two-to-one. */
    public static long[] hashTwoToOne(long[] left, long[] right) {
        long[] in = new long[8];
        System.arraycopy(left, 0, in, 0, 4);
        System.arraycopy(right, 0, in, 4, 4);
        return hashNoPad(in);
    }
}
