package lathe.dsp.filter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BiquadTest {
  /** Stable sections: a peaking, a low-pass, a high-pass, a first-order and a resonant one. */
  private static final double[][] COEFFICIENTS = {
    {1.0213, -1.9312, 0.9125, -1.9312, 0.9338},
    {0.0200, 0.0400, 0.0200, -1.5610, 0.6414},
    {0.8005, -1.6010, 0.8005, -1.5610, 0.6414},
    {0.5, 0.5, 0.0, -0.0, 0.0},
    {0.0010, 0.0, -0.0010, -1.9900, 0.9980},
  };

  /** Evaluates the direct-form-I difference equation of each section in turn, frame by frame. */
  private static double[] reference(int count, double[] in) {
    double[] y = in.clone();
    for (int s = 0; s < count; s++) {
      double[] c = COEFFICIENTS[s];
      double xa = 0;
      double xb = 0;
      double ya = 0;
      double yb = 0;
      for (int n = 0; n < y.length; n++) {
        // The documented evaluation order: the a1 term last, fused.
        double out = Math.fma(-c[3], ya, c[0] * y[n] + c[1] * xa + c[2] * xb - c[4] * yb);
        xb = xa;
        xa = y[n];
        yb = ya;
        ya = out;
        y[n] = out;
      }
    }
    return y;
  }

  private static Biquad[] sections(int channels) {
    Biquad[] s = new Biquad[COEFFICIENTS.length];
    for (int i = 0; i < s.length; i++) {
      s[i] = new Biquad(channels);
      s[i].setCoefficients(COEFFICIENTS[i]);
    }
    return s;
  }

  private static double[] noise(long seed, int frames) {
    Random r = new Random(seed);
    double[] x = new double[frames];
    for (int i = 0; i < frames; i++) {
      x[i] = r.nextGaussian();
    }
    return x;
  }

  @Test
  void cascadeOfEveryLengthEqualsDifferenceEquationBitForBit() {
    int frames = 3000;
    int[] splits = {1, 2, 31, 64, 65, 999};
    for (int channels = 1; channels <= 2; channels++) {
      for (int count = 0; count <= COEFFICIENTS.length; count++) {
        Biquad[] s = sections(channels);
        double[][] x = new double[channels][];
        for (int c = 0; c < channels; c++) {
          x[c] = noise(11 + c, frames);
        }
        double[][] expected = new double[channels][];
        for (int c = 0; c < channels; c++) {
          expected[c] = reference(count, x[c]);
        }
        int from = 0;
        for (int k = 0; from < frames; k++) {
          int to = Math.min(frames, from + splits[k % splits.length]);
          Biquad.processCascade(s, count, x, channels, from, to);
          from = to;
        }
        for (int c = 0; c < channels; c++) {
          assertArrayEquals(expected[c], x[c], 0.0, "channels " + channels + ", sections " + count);
        }
      }
    }
  }

  @Test
  void stereoAndPairPassesEqualOneSectionAndChannelAtATime() {
    int frames = 1000;
    Biquad[] joint = sections(2);
    Biquad[] single = sections(2);
    double[] left = noise(3, frames);
    double[] right = noise(4, frames);
    double[] l2 = left.clone();
    double[] r2 = right.clone();
    Biquad.processPairStereo(joint[0], joint[1], left, right, 0, frames);
    joint[2].processStereo(left, right, 0, frames);
    Biquad.processPair(joint[3], joint[4], left, 0, frames, 0);
    Biquad.processPair(joint[3], joint[4], right, 0, frames, 1);
    for (int s = 0; s < single.length; s++) {
      single[s].process(l2, 0, frames, 0);
      single[s].process(r2, 0, frames, 1);
    }
    assertArrayEquals(l2, left, 0.0);
    assertArrayEquals(r2, right, 0.0);
  }
}
