package pog.lighter.signer.curve;

import pog.lighter.signer.field.Gf;
import pog.lighter.signer.field.GfP5;
import pog.lighter.signer.field.GfP5Arrays;

/**
 * An element of the ECgFp5 group (Pornin's curve y^2 = x(x^2 + a x + b) over GF(p^5), a = 2, b = 263 X),
 * in the fractional (x, u) = (X/Z, U/T) coordinates of the reference, u = x/y.
 *
 * <p>The group has prime order and a canonical encoding: a point encodes to the single GF(p^5)
 * element w = 1/u = y/x (the neutral encodes to 0), and {@link #decode} accepts exactly the images
 * of {@link #encode}. The group law used here is the reference's complete formula set, so the
 * neutral and doublings need no special cases.
 */
public final class Point {

    static final GfP5 A = GfP5.fromBase(2);
    /** b = B1 * X; products with b go through {@link GfP5#mulByKX}. */
    static final long B1 = 263;
    static final GfP5 B_MUL4 = new GfP5(0, 4 * B1, 0, 0, 0);
    private static final GfP5 FOUR = GfP5.fromBase(4);

    public static final Point NEUTRAL = new Point(GfP5.ZERO, GfP5.ONE, GfP5.ZERO, GfP5.ONE);
    /** The conventional generator; it encodes to w = 4. */
    public static final Point GENERATOR = new Point(
            GfP5.of(Long.parseUnsignedLong("12883135586176881569"), 4356519642755055268L, 5248930565894896907L,
                    2165973894480315022L, 2448410071095648785L),
            GfP5.ONE, GfP5.ONE, FOUR);

    /** Window width of the signed-digit multiplication; digits lie in [-15, 16]. */
    static final int WINDOW = 5;
    static final int WIN_SIZE = 1 << (WINDOW - 1);
    /** 64 digits of 5 bits cover the 319-bit order. */
    static final int DIGITS = (319 + WINDOW) / WINDOW;

    final GfP5 x;
    final GfP5 z;
    final GfP5 u;
    final GfP5 t;

    /** Raw fractional coordinates, not checked to be on the curve: untrusted input goes through {@link #decode}. */
    public Point(GfP5 x, GfP5 z, GfP5 u, GfP5 t) {
        this.x = x;
        this.z = z;
        this.u = u;
        this.t = t;
    }

    public GfP5 x() {
        return x;
    }

    public GfP5 z() {
        return z;
    }

    public GfP5 u() {
        return u;
    }

    public GfP5 t() {
        return t;
    }

    public boolean isNeutral() {
        return u.isZero();
    }

    /** Group equality: u1/t1 == u2/t2 (u determines the point). */
    public boolean sameAs(Point o) {
        return u.mul(o.t).equals(o.u.mul(t));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Point && sameAs((Point) o);
    }

    @Override
    public int hashCode() {
        return encode().hashCode();
    }

    @Override
    public String toString() {
        return "Point(w=" + encode() + ")";
    }

    /** w = t/u; the neutral encodes to zero. */
    public GfP5 encode() {
        return t.mul(u.inverseOrZero());
    }

    /**
     * The point encoded by w, or {@code null} when w encodes none. Solves x^2 - (w^2 - a) x + b = 0
     * and keeps the root that is not a square.
     */
    public static Point decode(GfP5 w) {
        GfP5 e = w.square().sub(A);
        GfP5 delta = e.square().sub(B_MUL4);
        GfP5 r = delta.canonicalSqrt();
        if (r == null) {
            // delta is not a square: only w = 0 (the neutral) is valid then.
            return w.isZero() ? NEUTRAL : null;
        }
        GfP5 half = GfP5.fromBase(Long.divideUnsigned(Gf.P + 1, 2));
        GfP5 x1 = e.add(r).mul(half);
        GfP5 x2 = e.sub(r).mul(half);
        GfP5 x = x1.legendre() == 1 ? x2 : x1;
        return new Point(x, GfP5.ONE, GfP5.ONE, w);
    }

    /** Complete addition (10M). */
    public Point add(Point q) {
        GfP5 t1 = x.mul(q.x);
        GfP5 t2 = z.mul(q.z);
        GfP5 t3 = u.mul(q.u);
        GfP5 t4 = t.mul(q.t);
        GfP5 t5 = x.add(z).mul(q.x.add(q.z)).sub(t1.add(t2));
        GfP5 t6 = u.add(t).mul(q.u.add(q.t)).sub(t3.add(t4));
        GfP5 t7 = t1.add(t2.mulByKX(B1));
        GfP5 t8 = t4.mul(t7);
        GfP5 t9 = t3.mul(t5.mulByKX(2 * B1).add(t7.dbl()));
        GfP5 t10 = t4.add(t3.dbl()).mul(t5.add(t7));
        return new Point(t10.sub(t8).mulByKX(B1), t8.sub(t9), t6.mul(t2.mulByKX(B1).sub(t1)), t8.add(t9));
    }

    /** Adds a point given in affine coordinates (8M). */
    public Point addAffine(AffinePoint q) {
        GfP5 t1 = x.mul(q.x);
        GfP5 t2 = z;
        GfP5 t3 = u.mul(q.u);
        GfP5 t4 = t;
        GfP5 t5 = x.add(q.x.mul(z));
        GfP5 t6 = u.add(q.u.mul(t));
        GfP5 t7 = t1.add(t2.mulByKX(B1));
        GfP5 t8 = t4.mul(t7);
        GfP5 t9 = t3.mul(t5.mulByKX(2 * B1).add(t7.dbl()));
        GfP5 t10 = t4.add(t3.dbl()).mul(t5.add(t7));
        return new Point(t10.sub(t8).mulByKX(B1), t8.sub(t9), t6.mul(t2.mulByKX(B1).sub(t1)), t8.add(t9));
    }

    public Point neg() {
        return new Point(x, z, u.neg(), t);
    }

    /** Doubling (4M + 5S). */
    public Point dbl() {
        GfP5 t1 = z.mul(t);
        GfP5 t2 = t1.mul(t);
        GfP5 x1 = t2.square();
        GfP5 z1 = t1.mul(u);
        GfP5 t3 = u.square();
        GfP5 w1 = t2.sub(t3.mul(x.add(z).dbl()));
        GfP5 t4 = z1.square();
        GfP5 zNew = w1.square();
        return new Point(t4.mulByKX(4 * B1), zNew, w1.add(z1).square().sub(t4.add(zNew)), x1.dbl().sub(t4.dbl().dbl().add(zNew)));
    }

    /** 2^n * this, sharing work across the doublings (n*(2M + 5S) + 2M + 1S). */
    public Point mdouble(int n) {
        if (n == 0) {
            return this;
        }
        if (n == 1) {
            return dbl();
        }
        GfP5 t1 = z.mul(t);
        GfP5 t2 = t1.mul(t);
        GfP5 x1 = t2.square();
        GfP5 z1 = t1.mul(u);
        GfP5 t3 = u.square();
        GfP5 w1 = t2.sub(x.add(z).dbl().mul(t3));
        GfP5 t4 = w1.square();
        GfP5 t5 = z1.square();
        GfP5 xx = t5.square().mulByKX(16 * B1);
        GfP5 ww = x1.dbl().sub(t5.dbl().dbl().add(t4));
        GfP5 zz = w1.add(z1).square().sub(t4.add(t5));
        GfP5 b4MinusFour = B_MUL4.sub(FOUR);
        for (int i = 2; i < n; i++) {
            t1 = zz.square();
            t2 = t1.square();
            t3 = ww.square();
            t4 = t3.square();
            t5 = ww.add(zz).square().sub(t1.add(t3));
            zz = t5.mul(xx.add(t1).dbl().sub(t3));
            xx = t2.mul(t4).mulByKX(16 * B1);
            ww = t4.add(t2.mul(b4MinusFour)).neg();
        }
        t1 = ww.square();
        t2 = zz.square();
        t3 = ww.add(zz).square().sub(t1.add(t2));
        w1 = t1.sub(xx.add(t2).dbl());
        GfP5 zNew = w1.square();
        return new Point(t3.square().mulByKX(B1), zNew, t3.mul(w1), t1.dbl().mul(t1.sub(t2.dbl())).sub(zNew));
    }

    /** Affine forms of the given points with one field inversion (Montgomery's trick). */
    public static AffinePoint[] batchToAffine(Point[] src) {
        int n = src.length;
        AffinePoint[] out = new AffinePoint[n];
        if (n == 0) {
            return out;
        }
        GfP5[] prefix = new GfP5[n];
        GfP5 acc = GfP5.ONE;
        for (int i = 0; i < n; i++) {
            acc = acc.mul(src[i].z.mul(src[i].t));
            prefix[i] = acc;
        }
        GfP5 inv = acc.inverseOrZero();
        for (int i = n - 1; i >= 0; i--) {
            GfP5 invZt = i == 0 ? inv : inv.mul(prefix[i - 1]);
            inv = inv.mul(src[i].z.mul(src[i].t));
            Point p = src[i];
            out[i] = new AffinePoint(p.x.mul(p.t).mul(invZt), p.u.mul(p.z).mul(invZt));
        }
        return out;
    }

    /** win[i] = (i + 1) * this for i in 0..15, affine. */
    AffinePoint[] windowAffine() {
        return windowAffine(WIN_SIZE);
    }

    /** win[i] = (i + 1) * this for i in 0..size-1, affine. */
    AffinePoint[] windowAffine(int size) {
        Point[] tmp = new Point[size];
        tmp[0] = this;
        for (int i = 1; i < size; i++) {
            tmp[i] = (i & 1) == 0 ? tmp[i - 1].add(this) : tmp[i >> 1].dbl();
        }
        return batchToAffine(tmp);
    }

    /**
     * k * win[0] for a digit k in [-16, 16], reading every table entry whatever k is, so the memory
     * access pattern does not depend on the (secret) digit. Zero gives the neutral.
     */
    static AffinePoint lookup(AffinePoint[] win, int k) {
        int sign = k >> 31;
        int ka = (k ^ sign) - sign;
        int km1 = ka - 1;
        long x0 = 0, x1 = 0, x2 = 0, x3 = 0, x4 = 0;
        long u0 = 0, u1 = 0, u2 = 0, u3 = 0, u4 = 0;
        for (int i = 0; i < win.length; i++) {
            int m = km1 - i;
            // mask = -1 exactly when m == 0.
            long mask = (long) (((m | -m) >>> 31) - 1);
            AffinePoint p = win[i];
            x0 |= p.x.a0 & mask;
            x1 |= p.x.a1 & mask;
            x2 |= p.x.a2 & mask;
            x3 |= p.x.a3 & mask;
            x4 |= p.x.a4 & mask;
            u0 |= p.u.a0 & mask;
            u1 |= p.u.a1 & mask;
            u2 |= p.u.a2 & mask;
            u3 |= p.u.a3 & mask;
            u4 |= p.u.a4 & mask;
        }
        GfP5 uu = new GfP5(u0, u1, u2, u3, u4);
        GfP5 un = uu.neg();
        long neg = sign; // -1 when k < 0
        GfP5 u = new GfP5(select(neg, u0, un.a0), select(neg, u1, un.a1), select(neg, u2, un.a2),
                select(neg, u3, un.a3), select(neg, u4, un.a4));
        return new AffinePoint(new GfP5(x0, x1, x2, x3, x4), u);
    }

    private static long select(long mask, long ifZero, long ifMinusOne) {
        return ifZero ^ (mask & (ifZero ^ ifMinusOne));
    }

    /** k * this by signed 5-bit windows: 64 additions and 315 doublings. */
    public Point mul(Scalar k) {
        AffinePoint[] win = windowAffine();
        int[] digits = k.recodeSigned(DIGITS, WINDOW);
        Point p = lookup(win, digits[DIGITS - 1]).toPoint();
        for (int i = DIGITS - 2; i >= 0; i--) {
            p = p.mdouble(WINDOW).addAffine(lookup(win, digits[i]));
        }
        return p;
    }

    /**
     * k * GENERATOR from a precomputed table of the generator's multiples (one table per digit
     * position), so there are no doublings: 64 affine additions. The signer's hot path, so it runs
     * on flat long arrays and allocates only its result.
     */
    public static Point mulGenerator(Scalar k) {
        long[][] table = GeneratorTable.FLAT;
        int[] digits = k.recodeSigned(DIGITS, WINDOW);
        long[] acc = new long[20];
        GfP5Arrays.set(acc, 5, GfP5.ONE);
        GfP5Arrays.set(acc, 15, GfP5.ONE);
        long[] q = new long[10];
        long[] scratch = new long[SCRATCH];
        for (int i = 0; i < DIGITS; i++) {
            lookupFlat(table[i], digits[i], q);
            addAffineInPlace(acc, q, scratch);
        }
        return new Point(GfP5Arrays.get(acc, 0), GfP5Arrays.get(acc, 5), GfP5Arrays.get(acc, 10), GfP5Arrays.get(acc, 15));
    }

    /**
     * A point's multiples precomputed per digit position, as {@link #mulGenerator} has for the generator: entry j of
     * row i is (j + 1) * 32^i * P. Multiplying by it takes 64 affine additions and no doublings. About 80 KB; worth
     * building for a point used many times (a registered public key, verified on every transaction).
     */
    public static final class Table {
        final long[][] flat;
        final int window;

        private Table(long[][] flat, int window) {
            this.flat = flat;
            this.window = window;
        }
    }

    /** The generator's table for public multiplications: 8-bit windows, 40 rows of 128 points (about 400 KB). */
    private static final class PublicGeneratorTable {
        static final Table TABLE = new Table(GeneratorTable.table(GENERATOR, 8), 8);
    }

    /** The generator's table for verification (shared, built once, wider than a key's: 40 additions). */
    public static Table generatorTable() {
        return PublicGeneratorTable.TABLE;
    }

    /** This point's table: 64 windows of 16 points (5-bit digits), one batch inversion each. */
    public Table precompute() {
        return new Table(GeneratorTable.table(this, WINDOW), WINDOW);
    }

    /**
     * a * A + b * B from the two points' tables, in variable time: for verification only, where the scalars and
     * points are public (a signature and a public key). Allocates only its scratch and its result.
     */
    public static Point mulAddPublic(Table ta, Scalar a, Table tb, Scalar b) {
        int[] da = a.recodeSigned(ta.flat.length, ta.window);
        int[] db = b.recodeSigned(tb.flat.length, tb.window);
        long[] acc = new long[20];
        GfP5Arrays.set(acc, 5, GfP5.ONE);
        GfP5Arrays.set(acc, 15, GfP5.ONE);
        long[] q = new long[10];
        long[] scratch = new long[SCRATCH];
        for (int i = 0; i < da.length; i++) {
            if (entryPublic(ta.flat[i], da[i], q)) {
                addAffineInPlace(acc, q, scratch);
            }
        }
        for (int i = 0; i < db.length; i++) {
            if (entryPublic(tb.flat[i], db[i], q)) {
                addAffineInPlace(acc, q, scratch);
            }
        }
        return new Point(GfP5Arrays.get(acc, 0), GfP5Arrays.get(acc, 5), GfP5Arrays.get(acc, 10), GfP5Arrays.get(acc, 15));
    }

    /** k * win[0] into q by direct indexing (public digits only); false for k = 0 (the neutral: nothing to add). */
    private static boolean entryPublic(long[] win, int k, long[] q) {
        if (k == 0) {
            return false;
        }
        int base = 10 * ((k < 0 ? -k : k) - 1);
        System.arraycopy(win, base, q, 0, 10);
        if (k < 0) {
            for (int j = 5; j < 10; j++) {
                q[j] = Gf.neg(q[j]);
            }
        }
        return true;
    }

    /** Slots of {@link #addAffineInPlace}'s scratch array, five longs each. */
    private static final int T1 = 0;
    private static final int T3 = 5;
    private static final int T5 = 10;
    private static final int T6 = 15;
    private static final int T7 = 20;
    private static final int T8 = 25;
    private static final int T9 = 30;
    private static final int T10 = 35;
    private static final int TA = 40;
    private static final int TB = 45;
    private static final int SCRATCH = 50;

    /**
     * {@link #addAffine} on arrays: p = (x, z, u, t) at offsets 0, 5, 10, 15 is replaced by p + q,
     * q = (x, u) at offsets 0, 5.
     */
    private static void addAffineInPlace(long[] p, long[] q, long[] s) {
        GfP5Arrays.mul(s, T1, p, 0, q, 0);                 // t1 = x1 * x2
        GfP5Arrays.mul(s, T3, p, 10, q, 5);                // t3 = u1 * u2
        GfP5Arrays.mul(s, TA, q, 0, p, 5);                 // x2 * z1
        GfP5Arrays.add(s, T5, p, 0, s, TA);                // t5 = x1 + x2 * z1
        GfP5Arrays.mul(s, TA, q, 5, p, 15);                // u2 * t1
        GfP5Arrays.add(s, T6, p, 10, s, TA);               // t6 = u1 + u2 * t1
        GfP5Arrays.mulByKX(s, TB, p, 5, B1);               // z1 * b
        GfP5Arrays.add(s, T7, s, T1, s, TB);               // t7 = t1 + z1 * b
        GfP5Arrays.mul(s, T8, p, 15, s, T7);               // t8 = t1' * t7
        GfP5Arrays.mulByKX(s, TA, s, T5, 2 * B1);          // t5 * 2b
        GfP5Arrays.dbl(s, T9, s, T7);
        GfP5Arrays.add(s, TA, s, TA, s, T9);
        GfP5Arrays.mul(s, T9, s, T3, s, TA);               // t9 = t3 * (t5 * 2b + 2 t7)
        GfP5Arrays.dbl(s, TA, s, T3);
        GfP5Arrays.add(s, TA, p, 15, s, TA);               // t1' + 2 t3
        GfP5Arrays.add(s, T10, s, T5, s, T7);
        GfP5Arrays.mul(s, T10, s, TA, s, T10);             // t10 = (t1' + 2 t3) * (t5 + t7)
        GfP5Arrays.sub(s, TA, s, T10, s, T8);
        GfP5Arrays.mulByKX(p, 0, s, TA, B1);               // x = (t10 - t8) * b
        GfP5Arrays.sub(s, TB, s, TB, s, T1);
        GfP5Arrays.mul(p, 10, s, T6, s, TB);               // u = t6 * (z1 * b - t1)
        GfP5Arrays.sub(p, 5, s, T8, s, T9);                // z = t8 - t9
        GfP5Arrays.add(p, 15, s, T8, s, T9);               // t = t8 + t9
    }

    /** {@link #lookup} over a flat table (16 entries of x then u, 10 longs each) into q. */
    private static void lookupFlat(long[] win, int k, long[] q) {
        int sign = k >> 31;
        int ka = (k ^ sign) - sign;
        int km1 = ka - 1;
        java.util.Arrays.fill(q, 0);
        for (int i = 0; i < WIN_SIZE; i++) {
            int m = km1 - i;
            long mask = (long) (((m | -m) >>> 31) - 1);
            int base = 10 * i;
            for (int j = 0; j < 10; j++) {
                q[j] |= win[base + j] & mask;
            }
        }
        long neg = sign;
        for (int j = 5; j < 10; j++) {
            long u = q[j];
            q[j] = select(neg, u, Gf.neg(u));
        }
    }

    /** Built on first use: entry j of FLAT[i] is (j + 1) * 32^i * G, affine x then u. */
    private static final class GeneratorTable {
        static final long[][] FLAT = build();

        private static long[][] build() {
            return table(GENERATOR, WINDOW);
        }

        /** Rows of (j + 1) * 2^(w i) * point for j below 2^(w-1), enough rows for 320-bit scalars. */
        static long[][] table(Point point, int w) {
            int rows = (319 + w) / w;
            int size = 1 << (w - 1);
            long[][] table = new long[rows][];
            Point base = point;
            for (int i = 0; i < rows; i++) {
                AffinePoint[] win = base.windowAffine(size);
                long[] flat = new long[10 * size];
                for (int j = 0; j < size; j++) {
                    GfP5Arrays.set(flat, 10 * j, win[j].x);
                    GfP5Arrays.set(flat, 10 * j + 5, win[j].u);
                }
                table[i] = flat;
                base = base.mdouble(w);
            }
            return table;
        }
    }
}
