package pog.lighter.signer.curve;

import pog.lighter.signer.field.GfP5;

/** A point in affine (x, u) coordinates (z = t = 1): the entries of precomputed multiplication tables. */
public final class AffinePoint {

    public static final AffinePoint NEUTRAL = new AffinePoint(GfP5.ZERO, GfP5.ZERO);

    final GfP5 x;
    final GfP5 u;

    public AffinePoint(GfP5 x, GfP5 u) {
        this.x = x;
        this.u = u;
    }

    public GfP5 x() {
        return x;
    }

    public GfP5 u() {
        return u;
    }

    public AffinePoint neg() {
        return new AffinePoint(x, u.neg());
    }

    public Point toPoint() {
        return new Point(x, GfP5.ONE, u, GfP5.ONE);
    }
}
