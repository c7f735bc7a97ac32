package lathe.dsp.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import lathe.dsp.Dsp;
import org.junit.jupiter.api.Test;

class BiquadGridTest {
  private static final double[][] COEFFICIENTS = {
    {1.0213, -1.9312, 0.9125, -1.9312, 0.9338},
    {0.0200, 0.0400, 0.0200, -1.5610, 0.6414},
    {0.8005, -1.6010, 0.8005, -1.5610, 0.6414},
    {0.5, 0.5, 0.0, -0.0, 0.0},
    {0.0010, 0.0, -0.0010, -1.9900, 0.9980},
  };

  private static Biquad[] sections(int count, int channels) {
    Biquad[] s = new Biquad[count];
    for (int k = 0; k < count; k++) {
      s[k] = new Biquad(channels);
      s[k].setCoefficients(COEFFICIENTS[k]);
    }
    return s;
  }

  /** Returns a signal that decays into the denormal range, then bursts, so snaps take effect. */
  private static double[][] signal(int channels, int frames, long seed) {
    Random r = new Random(seed);
    double[][] x = new double[channels][frames];
    for (int c = 0; c < channels; c++) {
      for (int i = 0; i < frames; i++) {
        double level = i % 700 < 20 ? 1.0 : Math.exp(-0.5 * (i % 700)) * 1e-290;
        x[c][i] = r.nextGaussian() * level;
      }
    }
    return x;
  }

  @Test
  void gridRunMatchesSegmentRunsWithSnapsBetweenThemBitForBit() {
    Random r = new Random(7);
    int period = 32;
    for (int channels = 1; channels <= 2; channels++) {
      for (int count = 1; count <= COEFFICIENTS.length; count++) {
        Biquad[] expected = sections(count, channels);
        Biquad[] actual = sections(count, channels);
        double[][] a = signal(channels, 20000, count);
        double[][] b = new double[channels][];
        for (int c = 0; c < channels; c++) {
          b[c] = a[c].clone();
        }
        long frame = 0;
        int pos = 0;
        while (pos < a[0].length) {
          int frames = Math.min(a[0].length - pos, 1 + r.nextInt(600));
          double[][] blockA = slice(a, pos, frames);
          double[][] blockB = slice(b, pos, frames);
          // reference: cut at every grid point, snap every section there
          int i = 0;
          while (i < frames) {
            if ((frame + i) % period == 0) {
              for (Biquad s : expected) {
                s.snapDenormals();
              }
            }
            int end = (int) Math.min(frames, i + period - (frame + i) % period);
            Biquad.processCascade(expected, count, blockA, channels, i, end);
            i = end;
          }
          if (frame % period == 0) {
            for (Biquad s : actual) {
              s.snapDenormals();
            }
          }
          int next = (int) Math.min(frames, period - frame % period);
          Biquad.processCascadeOnGrid(actual, count, blockB, channels, 0, frames, next, period);
          for (int c = 0; c < channels; c++) {
            for (int k = 0; k < frames; k++) {
              assertEquals(
                  Double.doubleToRawLongBits(blockA[c][k]),
                  Double.doubleToRawLongBits(blockB[c][k]),
                  "channels " + channels + ", sections " + count + ", frame " + (frame + k));
            }
          }
          frame += frames;
          pos += frames;
        }
      }
    }
  }

  /**
   * Stereo sections run in pairs, both channels in one pass; they must give what one section and
   * one channel at a time gives, bit for bit.
   */
  @Test
  void stereoPairsMatchOneSectionAndOneChannelAtATimeBitForBit() {
    int period = 32;
    for (int count = 2; count <= COEFFICIENTS.length; count++) {
      Biquad[] expected = sections(count, 2);
      Biquad[] actual = sections(count, 2);
      double[][] a = signal(2, 20000, 40 + count);
      double[][] b = {a[0].clone(), a[1].clone()};
      for (int start = 0; start < a[0].length; start += period) {
        int end = Math.min(a[0].length, start + period);
        if (start > 0) {
          for (Biquad s : expected) {
            s.snapDenormals();
          }
        }
        for (Biquad s : expected) {
          for (int c = 0; c < 2; c++) {
            s.process(a[c], start, end, c);
          }
        }
      }
      Biquad.processCascadeOnGrid(actual, count, b, 2, 0, b[0].length, period, period);
      for (int c = 0; c < 2; c++) {
        for (int k = 0; k < a[c].length; k++) {
          assertEquals(
              Double.doubleToRawLongBits(a[c][k]),
              Double.doubleToRawLongBits(b[c][k]),
              "sections " + count + ", channel " + c + ", frame " + k);
        }
      }
    }
  }

  private static double[][] slice(double[][] x, int from, int frames) {
    double[][] out = new double[x.length][frames];
    for (int c = 0; c < x.length; c++) {
      System.arraycopy(x[c], from, out[c], 0, frames);
    }
    return out;
  }

  @Test
  void snapAgreesWithFlushingASaneValue() {
    double[] values = {
      0.0,
      -0.0,
      1e-31,
      -1e-31,
      1e-30,
      -1e-30,
      0.5,
      -0.5,
      1e9,
      -1e9,
      Math.nextUp(1e9),
      2e9,
      Double.MIN_VALUE,
      Double.MIN_NORMAL,
      Double.MAX_VALUE,
      Double.NaN,
      Double.POSITIVE_INFINITY,
      Double.NEGATIVE_INFINITY,
      Math.nextDown(1e-30)
    };
    for (double v : values) {
      double expected = Dsp.isSane(v) ? Dsp.flushDenormal(v) : 0.0;
      assertEquals(
          Double.doubleToRawLongBits(expected),
          Double.doubleToRawLongBits(Biquad.snap(v)),
          "value " + v);
    }
  }
}
