package pog.lighter.signer.curve;

import static org.assertj.core.api.Assertions.assertThat;
import static pog.lighter.signer.curve.Vectors.ROOT;
import static pog.lighter.signer.curve.Vectors.fp5;
import static pog.lighter.signer.curve.Vectors.limbs;
import static pog.lighter.signer.curve.Vectors.point;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import pog.lighter.signer.field.Gf;
import pog.lighter.signer.field.GfP5;

/** ECgFp5 against the reference's curve_test.go vectors (resources/pog/lighter/signer/ecgfp5-vectors.json). */
class PointTest {

    private static void assertCoordinates(Point actual, Point expected) {
        assertThat(actual.x()).isEqualTo(expected.x());
        assertThat(actual.z()).isEqualTo(expected.z());
        assertThat(actual.u()).isEqualTo(expected.u());
        assertThat(actual.t()).isEqualTo(expected.t());
    }

    private static Point[] decodedVectors() {
        JsonNode w = ROOT.get("encodings").get("w");
        Point[] p = new Point[w.size()];
        for (int i = 0; i < p.length; i++) {
            p[i] = Point.decode(fp5(w.get(i)));
            assertThat(p[i]).as("w%d decodes", i).isNotNull();
        }
        return p;
    }

    @Test
    void encodeMatchesTheReference() {
        JsonNode v = ROOT.get("encode");
        assertThat(point(v.get("point")).encode()).isEqualTo(fp5(v.get("w")));
    }

    @Test
    void addProducesTheReferenceCoordinates() {
        JsonNode v = ROOT.get("add");
        assertCoordinates(point(v.get("a")).add(point(v.get("b"))), point(v.get("sum")));
    }

    @Test
    void doubleAndMultiDoubleProduceTheReferencePoints() {
        JsonNode d = ROOT.get("double");
        assertThat(point(d.get("point")).dbl()).isEqualTo(point(d.get("doubled")));
        JsonNode m = ROOT.get("mdouble35");
        assertCoordinates(point(m.get("point")).mdouble(35), point(m.get("result")));
    }

    @Test
    void scalarMultiplicationMatchesTheReference() {
        JsonNode v = ROOT.get("scalarMul");
        Scalar k = Scalar.fromLimbs(limbs(v.get("scalar")));
        assertThat(point(v.get("point")).mul(k)).isEqualTo(point(v.get("product")));
    }

    @Test
    void encodingVectorsDecodeReEncodeAndSatisfyTheGroupLaw() {
        Point[] p = decodedVectors();
        JsonNode w = ROOT.get("encodings").get("w");
        for (int i = 0; i < p.length; i++) {
            assertThat(p[i].encode()).isEqualTo(fp5(w.get(i)));
            assertThat(p[i].isNeutral()).isEqualTo(i == 0);
        }
        assertThat(p[0]).isEqualTo(p[0]);
        assertThat(p[1]).isEqualTo(p[1]).isNotEqualTo(p[0]).isNotEqualTo(p[2]);
        assertThat(p[0]).isNotEqualTo(p[1]);
        assertThat(p[1].add(p[2]).encode()).isEqualTo(fp5(w.get(3)));
        assertThat(p[1].add(p[1]).encode()).isEqualTo(fp5(w.get(4)));
        assertThat(p[2].dbl().encode()).isEqualTo(fp5(w.get(5)));
        assertThat(p[1].dbl().add(p[2]).encode()).isEqualTo(fp5(w.get(6)));
        assertThat(p[1].add(p[2]).add(p[2]).encode()).isEqualTo(fp5(w.get(7)));
        assertThat(p[0].dbl().encode()).isEqualTo(GfP5.ZERO);
        assertThat(p[0].add(p[0]).encode()).isEqualTo(GfP5.ZERO);
        assertThat(p[0].add(p[1]).encode()).isEqualTo(fp5(w.get(1)));
        assertThat(p[1].add(p[0]).encode()).isEqualTo(fp5(w.get(1)));
        for (int n = 0; n < 10; n++) {
            Point q = p[1];
            for (int j = 0; j < n; j++) {
                q = q.dbl();
            }
            assertThat(p[1].mdouble(n)).as("mdouble(%d)", n).isEqualTo(q);
        }
        Point p2 = p[2];
        AffinePoint p2Affine = new AffinePoint(p2.x().mul(p2.z().inverseOrZero()), p2.u().mul(p2.t().inverseOrZero()));
        assertThat(p[1].addAffine(p2Affine)).isEqualTo(p[1].add(p[2]));
    }

    @Test
    void decodingAgreesWithTheReferenceWeierstrassCoordinates() {
        // The reference's Weierstrass decoding keeps the other root x' = (w^2 - a) - x (the square one),
        // then X = x' + a/3 and Y = -w*x'.
        GfP5 aThird = GfP5.fromBase(Gf.mul(2, Gf.inverse(3)));
        JsonNode w = ROOT.get("encodings").get("w");
        JsonNode ws = ROOT.get("weierstrass").get("points");
        for (int i = 1; i <= 7; i++) {
            GfP5 wi = fp5(w.get(i));
            GfP5 other = wi.square().sub(GfP5.TWO).sub(Point.decode(wi).x());
            assertThat(other.add(aThird)).as("X of w%d", i).isEqualTo(fp5(ws.get(i - 1).get("X")));
            assertThat(other.mul(wi).neg()).as("Y of w%d", i).isEqualTo(fp5(ws.get(i - 1).get("Y")));
        }
    }

    @Test
    void invalidEncodingsDoNotDecode() {
        for (JsonNode bad : ROOT.get("undecodable")) {
            assertThat(Point.decode(fp5(bad))).as("%s", bad).isNull();
        }
    }

    @Test
    void batchToAffineAndLookupAgreeWithProjectivePoints() {
        Point point = point(ROOT.get("affineLookup").get("point"));
        Point[] tab = new Point[8];
        tab[0] = point.dbl();
        for (int i = 1; i < tab.length; i++) {
            tab[i] = tab[0].add(tab[i - 1]);
        }
        AffinePoint[] win = Point.batchToAffine(tab);
        for (int i = 0; i < tab.length; i++) {
            assertThat(tab[i].z().mul(win[i].x())).isEqualTo(tab[i].x());
            assertThat(tab[i].t().mul(win[i].u())).isEqualTo(tab[i].u());
        }
        AffinePoint none = Point.lookup(win, 72);
        assertThat(none.x()).isEqualTo(GfP5.ZERO);
        assertThat(none.u()).isEqualTo(GfP5.ZERO);
        for (int i = 1; i <= 8; i++) {
            AffinePoint pos = Point.lookup(win, i);
            AffinePoint neg = Point.lookup(win, -i);
            assertThat(tab[i - 1].z().mul(pos.x())).isEqualTo(tab[i - 1].x());
            assertThat(tab[i - 1].t().mul(pos.u())).isEqualTo(tab[i - 1].u());
            assertThat(tab[i - 1].z().mul(neg.x())).isEqualTo(tab[i - 1].x());
            assertThat(tab[i - 1].t().mul(neg.u())).isEqualTo(tab[i - 1].u().neg());
        }
    }

    @Test
    void generatorEncodesToFourAndTheGroupOrderKillsIt() {
        assertThat(Point.GENERATOR.encode()).isEqualTo(GfP5.fromBase(4));
        assertThat(Point.decode(GfP5.fromBase(4))).isEqualTo(Point.GENERATOR);
        Scalar minusOne = Scalar.ONE.neg();
        assertThat(Point.GENERATOR.mul(minusOne).add(Point.GENERATOR).isNeutral()).isTrue();
        assertThat(Point.mulGenerator(minusOne)).isEqualTo(Point.GENERATOR.neg());
    }

    @Test
    void fixedBaseMultiplicationAgreesWithGenericMultiplication() {
        SecureRandom rnd = new SecureRandom();
        for (int i = 0; i < 20; i++) {
            Scalar k = Scalar.random(rnd);
            Point a = Point.mulGenerator(k);
            assertThat(a).isEqualTo(Point.GENERATOR.mul(k));
            assertThat(Point.decode(a.encode())).isEqualTo(a);
        }
        assertThat(Point.mulGenerator(Scalar.ZERO).isNeutral()).isTrue();
        assertThat(Point.mulGenerator(Scalar.ONE)).isEqualTo(Point.GENERATOR);
    }

    @Test
    void scalarMultiplicationIsLinear() {
        SplittableRandom rnd = new SplittableRandom(9);
        for (int i = 0; i < 5; i++) {
            Scalar a = Scalar.fromLimbs(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
            Scalar b = Scalar.fromLimbs(rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong(), rnd.nextLong());
            assertThat(Point.mulGenerator(a).add(Point.mulGenerator(b))).isEqualTo(Point.mulGenerator(a.add(b)));
            assertThat(Point.mulGenerator(a).mul(b)).isEqualTo(Point.mulGenerator(a.mul(b)));
        }
    }

    /** The reference's short-Weierstrass (X, Y) of a point, from its encoding: Encode is w = Y / (a/3 - X). */
    private static Point fromWeierstrass(JsonNode xy) {
        GfP5 aThird = GfP5.fromBase(Gf.mul(2, Gf.inverse(3)));
        GfP5 w = fp5(xy.get("Y")).div(aThird.sub(fp5(xy.get("X"))));
        Point p = Point.decode(w);
        assertThat(p).as("Weierstrass point decodes").isNotNull();
        return p;
    }

    @Test
    void weierstrassWindowMultiplesAgreeWithScalarMultiplication() {
        JsonNode m = ROOT.get("weierstrassWindow").get("multiples");
        Point p = fromWeierstrass(ROOT.get("weierstrassOps").get("qwe"));
        for (int k = 1; k <= 15; k++) {
            assertThat(p.mul(Scalar.of(k))).as("%d*P", k).isEqualTo(fromWeierstrass(m.get(k - 1)));
        }
    }

    @Test
    void weierstrassAddDoubleAndMulAdd2AgreeWithTheGroupLaw() {
        JsonNode ops = ROOT.get("weierstrassOps");
        Point qwe = fromWeierstrass(ops.get("qwe"));
        Point abc = fromWeierstrass(ops.get("abc"));
        assertThat(qwe.dbl()).isEqualTo(fromWeierstrass(ops.get("doubled")));
        assertThat(qwe.add(abc)).isEqualTo(fromWeierstrass(ops.get("qweplusabc")));
        assertThat(fromWeierstrass(ops.get("a")).add(fromWeierstrass(ops.get("b")))).isEqualTo(fromWeierstrass(ops.get("aplusb")));

        JsonNode v = ROOT.get("weierstrassMulAdd2");
        Scalar s = Scalar.fromLimbs(limbs(v.get("s")));
        Scalar e = Scalar.fromLimbs(limbs(v.get("e")));
        Point r = fromWeierstrass(v.get("qwe")).mul(s).add(fromWeierstrass(v.get("abc")).mul(e));
        assertThat(r).isEqualTo(fromWeierstrass(v.get("result")));
    }
}
