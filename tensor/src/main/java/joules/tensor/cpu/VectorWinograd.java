package joules.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import joules.tensor.Conv2dGeometry;

/**
 * The three transforms of {@link Winograd}'s F(2x2, 3x3) written out for its matrices and run with the JDK's
 * Vector API along a row of tiles (used when {@link Simd#VECTOR}). The generic transforms gather each tile's
 * 16 inputs one float at a time and then combine lanes; here only the even and odd columns are split (2
 * floats per input), and every combination of lanes is one vector operation per L tiles. The sums are the
 * generic ones, term for term and in the same order, so the results are the same floats.
 * <pre>
 *   input     B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]      v = B^T d B     (4 x 4 per tile)
 *   output    A^T = [1 1 1 0; 0 1 -1 -1]                          y = A^T p A     (2 x 2 per tile)
 *   gradient  A   = [1 0; 1 1; 1 -1; 0 -1]                        p = A e A^T     (4 x 4 per tile)
 * </pre>
 */
final class VectorWinograd {
    private VectorWinograd() {}

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    /** Per-thread rows: 4 padded input rows, and 8 (or 16) half rows of even and odd columns, one per tile. */
    private static final class Rows {
        float[][] in = new float[4][0], half = new float[16][0];

        Rows fit(int width) {
            if (in[0].length < width) {
                for (int i = 0; i < 4; i++) in[i] = new float[width];
                for (int i = 0; i < 16; i++) half[i] = new float[width];
            }
            return this;
        }
    }

    private static final ThreadLocal<Rows> ROWS = ThreadLocal.withInitial(Rows::new);

    /**
     * v[at + xi xiStride + tile] = (B^T d B)[xi] for channel c's 4 x 4 patch d of every tile in tile rows
     * [row0, row1) (tiles numbered from 0 in the block): per tile row, t = B^T d down the columns while splitting
     * even (e) and odd (o) padded columns, then along the rows, with e' = e shifted by one tile:
     * v[4 i + 0] = e_i - e'_i, v[4 i + 1] = o_i + e'_i, v[4 i + 2] = e'_i - o_i, v[4 i + 3] = o_i - o'_i.
     */
    static void input(Conv2dGeometry g, int tilesH, int tilesW, float[] x, int xOff, int c, int row0, int row1,
                      float[] v, int at, int xiStride) {
        int inH = g.inH(), inW = g.inW(), width = 2 * tilesW + 2;
        Rows r = ROWS.get().fit(width + L);
        float[] r0 = r.in[0], r1 = r.in[1], r2 = r.in[2], r3 = r.in[3];
        for (int tr = row0, tile = 0; tr < row1; tr++, tile += tilesW) {
            int n = tr / tilesH, th = tr % tilesH, plane = xOff + (n * g.inC() + c) * inH * inW;
            for (int i = 0; i < 4; i++) {                 // padded row i holds input row 2 th - 1 + i at columns 1 .. inW
                float[] row = r.in[i];
                int ih = 2 * th - 1 + i;
                java.util.Arrays.fill(row, 0, width, 0f);
                if (ih >= 0 && ih < inH) System.arraycopy(x, plane + ih * inW, row, 1, Math.min(inW, width - 1));
            }
            float[][] h = r.half;                         // h[i] = even columns of t_i, h[4 + i] = odd columns
            for (int u = 0; u <= tilesW; u++) {           // t = B^T d: t0 = d0 - d2, t1 = d1 + d2, t2 = d2 - d1, t3 = d1 - d3
                int e = 2 * u, o = e + 1;
                h[0][u] = r0[e] - r2[e];
                h[1][u] = r1[e] + r2[e];
                h[2][u] = r2[e] - r1[e];
                h[3][u] = r1[e] - r3[e];
                if (o < width) {
                    h[4][u] = r0[o] - r2[o];
                    h[5][u] = r1[o] + r2[o];
                    h[6][u] = r2[o] - r1[o];
                    h[7][u] = r1[o] - r3[o];
                }
            }
            for (int i = 0; i < 4; i++) {                 // v = t B along the rows
                float[] ev = h[i], od = h[4 + i];
                int to = at + 4 * i * xiStride + tile;
                int tw = 0;
                for (; tw <= tilesW - L; tw += L) {
                    FloatVector e0 = FloatVector.fromArray(F, ev, tw), e1 = FloatVector.fromArray(F, ev, tw + 1);
                    FloatVector o0 = FloatVector.fromArray(F, od, tw), o1 = FloatVector.fromArray(F, od, tw + 1);
                    e0.sub(e1).intoArray(v, to + tw);
                    o0.add(e1).intoArray(v, to + xiStride + tw);
                    e1.sub(o0).intoArray(v, to + 2 * xiStride + tw);
                    o0.sub(o1).intoArray(v, to + 3 * xiStride + tw);
                }
                for (; tw < tilesW; tw++) {
                    v[to + tw] = ev[tw] - ev[tw + 1];
                    v[to + xiStride + tw] = od[tw] + ev[tw + 1];
                    v[to + 2 * xiStride + tw] = ev[tw + 1] - od[tw];
                    v[to + 3 * xiStride + tw] = od[tw] - od[tw + 1];
                }
            }
        }
    }

    /**
     * y[n, k, 2 th + i, 2 tw + j] = (A^T p A)[i, j] for every tile of channel k in tile rows [row0, row1), from
     * p[at + xi xiStride + tile]: q = A^T p down the columns (q0 = p0 + p1 + p2, q1 = p1 - p2 - p3), then
     * y = q A along the rows (same sums), the 2 x 2 outputs of each tile written out.
     */
    static void output(Conv2dGeometry g, int tilesH, int tilesW, float[] p, int at, int xiStride, int k,
                       int row0, int row1, float[] y, int yOff) {
        int outH = g.outH(), outW = g.outW();
        Rows r = ROWS.get().fit(2 * tilesW + 2 + L);
        float[] y00 = r.half[0], y01 = r.half[1], y10 = r.half[2], y11 = r.half[3];
        for (int tr = row0, tile = 0; tr < row1; tr++, tile += tilesW) {
            int base = at + tile, tw = 0;
            for (; tw <= tilesW - L; tw += L) {
                FloatVector p00 = lane(p, base, 0, xiStride, tw), p01 = lane(p, base, 1, xiStride, tw),
                        p02 = lane(p, base, 2, xiStride, tw), p03 = lane(p, base, 3, xiStride, tw),
                        p10 = lane(p, base, 4, xiStride, tw), p11 = lane(p, base, 5, xiStride, tw),
                        p12 = lane(p, base, 6, xiStride, tw), p13 = lane(p, base, 7, xiStride, tw),
                        p20 = lane(p, base, 8, xiStride, tw), p21 = lane(p, base, 9, xiStride, tw),
                        p22 = lane(p, base, 10, xiStride, tw), p23 = lane(p, base, 11, xiStride, tw),
                        p30 = lane(p, base, 12, xiStride, tw), p31 = lane(p, base, 13, xiStride, tw),
                        p32 = lane(p, base, 14, xiStride, tw), p33 = lane(p, base, 15, xiStride, tw);
                FloatVector q00 = p00.add(p10).add(p20), q01 = p01.add(p11).add(p21),
                        q02 = p02.add(p12).add(p22), q03 = p03.add(p13).add(p23);
                FloatVector q10 = p10.sub(p20).sub(p30), q11 = p11.sub(p21).sub(p31),
                        q12 = p12.sub(p22).sub(p32), q13 = p13.sub(p23).sub(p33);
                q00.add(q01).add(q02).intoArray(y00, tw);
                q01.sub(q02).sub(q03).intoArray(y01, tw);
                q10.add(q11).add(q12).intoArray(y10, tw);
                q11.sub(q12).sub(q13).intoArray(y11, tw);
            }
            for (; tw < tilesW; tw++) {
                float[] q = new float[8];
                for (int j = 0; j < 4; j++) {
                    float a0 = p[base + j * xiStride + tw], a1 = p[base + (4 + j) * xiStride + tw];
                    float a2 = p[base + (8 + j) * xiStride + tw], a3 = p[base + (12 + j) * xiStride + tw];
                    q[j] = a0 + a1 + a2;
                    q[4 + j] = a1 - a2 - a3;
                }
                y00[tw] = q[0] + q[1] + q[2];
                y01[tw] = q[1] - q[2] - q[3];
                y10[tw] = q[4] + q[5] + q[6];
                y11[tw] = q[5] - q[6] - q[7];
            }
            int n = tr / tilesH, oh = 2 * (tr % tilesH), plane = yOff + (n * g.outC() + k) * outH * outW;
            int pairs = outW / 2;                         // tiles whose two columns are both inside
            int top = plane + oh * outW;
            for (int t = 0; t < pairs; t++) {
                y[top + 2 * t] = y00[t];
                y[top + 2 * t + 1] = y01[t];
            }
            if ((outW & 1) == 1) y[top + outW - 1] = y00[pairs];
            if (oh + 1 < outH) {
                int bottom = top + outW;
                for (int t = 0; t < pairs; t++) {
                    y[bottom + 2 * t] = y10[t];
                    y[bottom + 2 * t + 1] = y11[t];
                }
                if ((outW & 1) == 1) y[bottom + outW - 1] = y10[pairs];
            }
        }
    }

    /** Lane xi of the block's products at tiles base + tw .. + L. */
    private static FloatVector lane(float[] p, int base, int xi, int xiStride, int tw) {
        return FloatVector.fromArray(F, p, base + xi * xiStride + tw);
    }

    /**
     * p[at + xi xiStride + tile] = (A e A^T)[xi] for the 2 x 2 output gradient e of each tile of channel k in
     * tile rows [row0, row1) (0 past the edge): s = A e down the columns (s0 = e0, s1 = e0 + e1, s2 = e0 - e1,
     * s3 = -e1), then s A^T along the rows (the same four sums).
     */
    static void gradient(Conv2dGeometry g, int tilesH, int tilesW, float[] dy, int dyOff, int k, int row0, int row1,
                         float[] p, int at, int xiStride) {
        int outH = g.outH(), outW = g.outW();
        Rows r = ROWS.get().fit(2 * tilesW + 2 + L);
        float[] e00 = r.half[0], e01 = r.half[1], e10 = r.half[2], e11 = r.half[3];
        for (int tr = row0, tile = 0; tr < row1; tr++, tile += tilesW) {
            int n = tr / tilesH, oh = 2 * (tr % tilesH), plane = dyOff + (n * g.outC() + k) * outH * outW;
            split(dy, plane + oh * outW, outW, tilesW, e00, e01);
            if (oh + 1 < outH) split(dy, plane + (oh + 1) * outW, outW, tilesW, e10, e11);
            else {
                java.util.Arrays.fill(e10, 0, tilesW, 0f);
                java.util.Arrays.fill(e11, 0, tilesW, 0f);
            }
            int base = at + tile, tw = 0;
            for (; tw <= tilesW - L; tw += L) {
                FloatVector a = FloatVector.fromArray(F, e00, tw), b = FloatVector.fromArray(F, e01, tw);
                FloatVector c = FloatVector.fromArray(F, e10, tw), d = FloatVector.fromArray(F, e11, tw);
                // s = A e: rows (a b), (a+c b+d), (a-c b-d), (-c -d); then each row (x0 x1) -> (x0, x0+x1, x0-x1, -x1)
                store(p, base, 0, xiStride, tw, a, b);
                store(p, base, 4, xiStride, tw, a.add(c), b.add(d));
                store(p, base, 8, xiStride, tw, a.sub(c), b.sub(d));
                store(p, base, 12, xiStride, tw, c.neg(), d.neg());
            }
            for (; tw < tilesW; tw++) {
                float a = e00[tw], b = e01[tw], c = e10[tw], d = e11[tw];
                float[] s = {a, b, a + c, b + d, a - c, b - d, -c, -d};
                for (int i = 0; i < 4; i++) {
                    float x0 = s[2 * i], x1 = s[2 * i + 1];
                    p[base + (4 * i) * xiStride + tw] = x0;
                    p[base + (4 * i + 1) * xiStride + tw] = x0 + x1;
                    p[base + (4 * i + 2) * xiStride + tw] = x0 - x1;
                    p[base + (4 * i + 3) * xiStride + tw] = -x1;
                }
            }
        }
    }

    /** Row xi0 .. xi0 + 3 of a tile's transformed gradient from the row (x0, x1): x0, x0 + x1, x0 - x1, -x1. */
    private static void store(float[] p, int base, int xi0, int xiStride, int tw, FloatVector x0, FloatVector x1) {
        x0.intoArray(p, base + xi0 * xiStride + tw);
        x0.add(x1).intoArray(p, base + (xi0 + 1) * xiStride + tw);
        x0.sub(x1).intoArray(p, base + (xi0 + 2) * xiStride + tw);
        x1.neg().intoArray(p, base + (xi0 + 3) * xiStride + tw);
    }

    /** even[t] = row[2 t], odd[t] = row[2 t + 1] for t < tilesW, 0 past the row's width. */
    private static void split(float[] dy, int row, int outW, int tilesW, float[] even, float[] odd) {
        for (int t = 0; t < tilesW; t++) {
            even[t] = 2 * t < outW ? dy[row + 2 * t] : 0f;
            odd[t] = 2 * t + 1 < outW ? dy[row + 2 * t + 1] : 0f;
        }
    }
}
