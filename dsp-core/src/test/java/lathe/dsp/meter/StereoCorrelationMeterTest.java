package lathe.dsp.meter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import lathe.dsp.Allocations;
import org.junit.jupiter.api.Test;

class StereoCorrelationMeterTest {
  private static final double FS = 48000;

  private static double measure(double[] l, double[] r) {
    StereoCorrelationMeter m = new StereoCorrelationMeter(FS);
    m.addFrames(new double[][] {l, r}, l.length);
    return m.correlation();
  }

  private static double[] sine(int n, double hertz, double degrees, double amplitude) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = amplitude * Math.sin(2 * Math.PI * hertz * i / FS + Math.toRadians(degrees));
    }
    return x;
  }

  private static double[] noise(int n, long seed) {
    Random r = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextGaussian() * 0.2;
    }
    return x;
  }

  @Test
  void identicalChannelsReadOne() {
    double[] x = noise(48000, 1);
    assertEquals(1.0, measure(x, x), 1e-12);
  }

  @Test
  void invertedChannelsReadMinusOne() {
    double[] x = noise(48000, 2);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = -0.5 * x[i];
    }
    assertEquals(-1.0, measure(x, y), 1e-12);
  }

  @Test
  void independentNoiseReadsNearZero() {
    // The coefficient of n independent samples has standard deviation 1 / sqrt(n): 0.0083 here.
    double r = measure(noise(48000, 3), noise(48000, 4));
    assertEquals(0.0, r, 4.0 / Math.sqrt(0.3 * FS));
  }

  @Test
  void sinesInQuadratureReadZeroAndAtAnAngleTheirCosine() {
    // Over whole periods the coefficient of two sines is the cosine of their phase difference.
    assertEquals(0.0, measure(sine(48000, 1000, 0, 0.5), sine(48000, 1000, 90, 0.3)), 1e-9);
    assertEquals(
        Math.cos(Math.toRadians(60)),
        measure(sine(48000, 1000, 0, 0.5), sine(48000, 1000, 60, 0.3)),
        1e-9);
  }

  @Test
  void silenceAndOneSilentChannelReadZero() {
    double[] zero = new double[48000];
    assertEquals(0.0, measure(zero, zero));
    assertEquals(0.0, measure(noise(48000, 5), zero));
  }

  @Test
  void theWindowForgetsOlderMaterial() {
    // 1 s identical, then 1 s inverted: the 300 ms window sees only the inverted part.
    double[] l = noise(96000, 6);
    double[] r = l.clone();
    for (int i = 48000; i < 96000; i++) {
      r[i] = -r[i];
    }
    assertEquals(-1.0, measure(l, r), 1e-12);
  }

  @Test
  void anySplitGivesTheSameReading() {
    double[] l = noise(30000, 7);
    double[] r = noise(30000, 8);
    for (int i = 0; i < r.length; i++) {
      r[i] += 0.7 * l[i];
    }
    double whole = measure(l, r);
    for (int size : new int[] {1, 2, 31, 64, 65, 999, 4095}) {
      StereoCorrelationMeter m = new StereoCorrelationMeter(FS);
      double[][] block = new double[2][size];
      for (int at = 0; at < l.length; at += size) {
        int n = Math.min(size, l.length - at);
        System.arraycopy(l, at, block[0], 0, n);
        System.arraycopy(r, at, block[1], 0, n);
        m.addFrames(block, n);
      }
      assertEquals(whole, m.correlation(), 0.0, "split " + size);
    }
  }

  @Test
  void nonFiniteSamplesCountAsSilence() {
    double[] l = noise(48000, 9);
    double[] r = l.clone();
    l[100] = Double.NaN;
    r[200] = Double.NEGATIVE_INFINITY;
    double c = measure(l, r);
    assertTrue(Double.isFinite(c));
    assertEquals(1.0, c, 1e-12, "the bad samples are outside the last window");
  }

  @Test
  void addFramesAllocatesNothing() {
    StereoCorrelationMeter m = new StereoCorrelationMeter(FS);
    double[][] x = {noise(512, 10), noise(512, 11)};
    assertEquals(0, Allocations.steadyState(2000, () -> m.addFrames(x, 512)));
  }
}
