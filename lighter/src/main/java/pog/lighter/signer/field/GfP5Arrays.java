package pog.lighter.signer.field;

/**
 * GF(p^5) arithmetic on five-long slots of {@code long[]} arrays, for hot loops that must not
 * allocate (the signer's fixed-base multiplication). Same results as {@link GfP5}; every slot holds
 * canonical limbs, and a destination may alias a source.
 */
public final class GfP5Arrays {

    private GfP5Arrays() {
    }

    public static void set(long[] r, int ro, GfP5 a) {
        r[ro] = a.a0;
        r[ro + 1] = a.a1;
        r[ro + 2] = a.a2;
        r[ro + 3] = a.a3;
        r[ro + 4] = a.a4;
    }

    public static GfP5 get(long[] a, int ao) {
        return new GfP5(a[ao], a[ao + 1], a[ao + 2], a[ao + 3], a[ao + 4]);
    }

    public static void add(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        for (int i = 0; i < 5; i++) {
            r[ro + i] = Gf.addCanonical(a[ao + i], b[bo + i]);
        }
    }

    public static void sub(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        for (int i = 0; i < 5; i++) {
            r[ro + i] = Gf.subCanonical(a[ao + i], b[bo + i]);
        }
    }

    public static void dbl(long[] r, int ro, long[] a, int ao) {
        add(r, ro, a, ao, a, ao);
    }

    /** r = a * (k X) for a base-field constant k. */
    public static void mulByKX(long[] r, int ro, long[] a, int ao, long k) {
        long a0 = a[ao];
        long a1 = a[ao + 1];
        long a2 = a[ao + 2];
        long a3 = a[ao + 3];
        long a4 = a[ao + 4];
        r[ro] = Gf.mul(a4, times3(k));
        r[ro + 1] = Gf.mul(a0, k);
        r[ro + 2] = Gf.mul(a1, k);
        r[ro + 3] = Gf.mul(a2, k);
        r[ro + 4] = Gf.mul(a3, k);
    }

    private static long times3(long x) {
        return Gf.addCanonical(Gf.addCanonical(x, x), x);
    }

    /** r = a * b, as {@link GfP5#mul}. */
    public static void mul(long[] r, int ro, long[] a, int ao, long[] b, int bo) {
        long a0 = a[ao];
        long a1 = a[ao + 1];
        long a2 = a[ao + 2];
        long a3 = a[ao + 3];
        long a4 = a[ao + 4];
        long b0 = b[bo];
        long b1 = b[bo + 1];
        long b2 = b[bo + 2];
        long b3 = b[bo + 3];
        long b4 = b[bo + 4];
        // W = 3: three additions are cheaper than a multiplication and its reduction.
        long b1w = times3(b1);
        long b2w = times3(b2);
        long b3w = times3(b3);
        long b4w = times3(b4);
        r[ro] = Gf.dot5(a0, b0, a1, b4w, a2, b3w, a3, b2w, a4, b1w);
        r[ro + 1] = Gf.dot5(a0, b1, a1, b0, a2, b4w, a3, b3w, a4, b2w);
        r[ro + 2] = Gf.dot5(a0, b2, a1, b1, a2, b0, a3, b4w, a4, b3w);
        r[ro + 3] = Gf.dot5(a0, b3, a1, b2, a2, b1, a3, b0, a4, b4w);
        r[ro + 4] = Gf.dot5(a0, b4, a1, b3, a2, b2, a3, b1, a4, b0);
    }
}
