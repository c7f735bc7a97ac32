package lathe.dsp.saturation;

import static lathe.dsp.saturation.SaturatorRig.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.function.Consumer;
import lathe.dsp.BlockRunner;
import lathe.dsp.ProcessSpec;
import org.junit.jupiter.api.Test;

/** Tests the saturator's minimum-phase (polyphase IIR) oversampling, its default. */
class MinimumPhaseSaturatorTest {
  private static SaturatorModule prepared(
      double rate, int maxFrames, int channels, Consumer<SaturatorModule> setup) {
    return SaturatorRig.prepared(MINIMUM, rate, maxFrames, channels, setup);
  }

  /**
   * Returns, in closed form from the coefficients, the response {@code {re, im}} of up- and
   * downsampling through {@code stages} IIR stages at {@code f} (a fraction of the base rate): each
   * stage contributes its upsampler's H and its decimator's H at {@code f / 2^(s+1)} of its high
   * rate, and an advance of one high-rate sample (the decimator keeps the odd outputs).
   */
  static double[] cascadeResponse(int stages, double f) {
    double re = 1;
    double im = 0;
    for (int s = 0; s < stages; s++) {
      double fs = f / (2 << s);
      double[] u = IirOversampler.upDesign(s).response(fs);
      double[] d = IirOversampler.downDesign(s).response(fs);
      double[] adv = {Math.cos(2 * Math.PI * fs), Math.sin(2 * Math.PI * fs)};
      for (double[] h : new double[][] {u, d, adv}) {
        double r = re * h[0] - im * h[1];
        im = re * h[1] + im * h[0];
        re = r;
      }
    }
    return new double[] {re, im};
  }

  /**
   * Measures the module's complex gain at a whole number of hertz with a quiet sine (the curve's
   * unit slope; cubic terms 1e-10 of the signal), projected over one second.
   */
  private static double[] measuredResponse(SaturatorModule m, double rate, int hz) {
    int n = (int) rate;
    int settle = 4096;
    double a = 1e-5;
    double[] out = runMono(m, sine(n + settle, a, hz, rate), 4096);
    double s = 0;
    double c = 0;
    for (int i = 0; i < n; i++) {
      double p = 2 * Math.PI * hz * (i + settle) / rate;
      s += out[i + settle] * Math.sin(p);
      c += out[i + settle] * Math.cos(p);
    }
    return new double[] {2 * s / (a * n), 2 * c / (a * n)};
  }

  @Test
  void isTheDefaultAndHasTheRoundedLowFrequencyDelayAsLatency() {
    SaturatorModule m = new SaturatorModule();
    m.prepare(new ProcessSpec(48000, 64, 2));
    assertTrue(m.isMinimumPhase());
    int[] expected = {3, 4, 4};
    for (int f = 0; f < 3; f++) {
      int factor = f;
      SaturatorModule s = prepared(44100, 64, 2, x -> x.setParameter(OVERSAMPLING, factor));
      double delay = IirOversampler.groupDelayFrames(f + 1);
      System.out.printf(Locale.ROOT, "IIR %dx: group delay %.4f frames%n", 2 << f, delay);
      assertEquals(Math.round(delay), s.latencyFrames());
      assertEquals(expected[f], s.latencyFrames());
      s.setParameter(PHASE, 0);
      assertEquals(expected[f], s.latencyFrames(), "no change before the next prepare");
    }
  }

  @Test
  void stageDesignsReachTheirAttenuationWithFewCoefficients() {
    // Stop edges as fractions of each stage's rate, and the attenuation each must keep.
    double upEdge = (1 - 20000.0 / 44100.0) / 2;
    IirHalfbandDesign[] designs = {
      IirOversampler.upDesign(0),
      IirOversampler.downDesign(0),
      IirOversampler.downDesign(1),
      IirOversampler.downDesign(2)
    };
    double[] stopEdges = {upEdge, 0.26, 0.37, 0.435};
    int[] counts = {7, 9, 3, 2};
    double[] needDb = {85, 85, 85, 85};
    for (int s = 0; s < designs.length; s++) {
      IirHalfbandDesign d = designs[s];
      double worstStop = -1e9;
      for (int i = 0; i <= 20000; i++) {
        double f = stopEdges[s] + (0.5 - stopEdges[s]) * i / 20000.0;
        worstStop = Math.max(worstStop, d.magnitudeDecibels(f));
      }
      double passEdge = 0.5 - stopEdges[s];
      double ripple = 0;
      for (int i = 0; i <= 20000; i++) {
        ripple = Math.max(ripple, Math.abs(d.magnitudeDecibels(passEdge * i / 20000.0)));
      }
      System.out.printf(
          Locale.ROOT,
          "IIR design %d: %d coefficients, stopband %.1f dB (promised %.1f), ripple %.1e dB%n",
          s,
          d.coefficients().length,
          -worstStop,
          d.promisedAttenuationDecibels(),
          ripple);
      assertEquals(counts[s], d.coefficients().length);
      assertTrue(-worstStop > needDb[s], "design " + s + " stopband " + worstStop);
      // The degree equation's promise holds to a hundredth of a decibel.
      assertEquals(d.promisedAttenuationDecibels(), -worstStop, 0.01);
      assertTrue(ripple < 1e-6, "design " + s + " ripple " + ripple);
      for (double a : d.coefficients()) {
        assertTrue(a > 0 && a < 1, "stable section " + a);
      }
    }
    assertEquals(1.0, IirOversampler.downDesign(0).response(0)[0], 1e-15);
  }

  @Test
  void quietSineFollowsTheClosedFormResponseAndIsFlatWithinAHundredthOfADecibel() {
    double worstDb = 0;
    double worstError = 0;
    for (double rate : new double[] {44100, 48000}) {
      for (int f = 0; f < 3; f++) {
        for (int hz : new int[] {20, 100, 1000, 5000, 10000, 15000, 18000, 19000, 19500, 20000}) {
          int factor = f;
          SaturatorModule m =
              prepared(
                  rate,
                  4096,
                  1,
                  s -> {
                    s.setParameter(CURVE, SaturationCurve.TAPE.ordinal());
                    s.setParameter(OVERSAMPLING, factor);
                  });
          double[] h = measuredResponse(m, rate, hz);
          double[] expected = cascadeResponse(f + 1, hz / rate);
          double error = Math.hypot(h[0] - expected[0], h[1] - expected[1]);
          double db = 20 * Math.log10(Math.hypot(h[0], h[1]));
          double closedDb = 20 * Math.log10(Math.hypot(expected[0], expected[1]));
          worstError = Math.max(worstError, error);
          worstDb = Math.max(worstDb, Math.max(Math.abs(db), Math.abs(closedDb)));
          String where = rate + " Hz rate, " + (2 << f) + "x, " + hz + " Hz";
          assertTrue(error < 1e-6, where + ": error " + error);
          assertTrue(Math.abs(db) < 0.01, where + ": " + db + " dB");
          assertTrue(Math.abs(closedDb) < 0.01, where + ": closed form " + closedDb + " dB");
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "IIR flatness to 20 kHz: worst %.2g dB, largest error against the closed form %.2g%n",
        worstDb,
        worstError);
  }

  @Test
  void lowFrequencyPhaseMatchesTheReportedGroupDelay() {
    for (int f = 0; f < 3; f++) {
      int factor = f;
      SaturatorModule m =
          prepared(
              48000,
              4096,
              1,
              s -> {
                s.setParameter(CURVE, SaturationCurve.SOFT_CLIP.ordinal());
                s.setParameter(OVERSAMPLING, factor);
              });
      double[] h = measuredResponse(m, 48000, 20);
      double delay = -Math.atan2(h[1], h[0]) / (2 * Math.PI * 20 / 48000.0);
      assertEquals(IirOversampler.groupDelayFrames(f + 1), delay, 0.01, (2 << f) + "x");
    }
  }

  @Test
  void noMixIsTheInputThroughTheSameFiltersBitForBit() {
    double[][] in = BlockRunner.noise(2, 12000, 5);
    SaturatorModule m =
        prepared(
            48000,
            512,
            2,
            s -> {
              s.setParameter(CURVE, SaturationCurve.TAPE.ordinal());
              s.setParameter(DRIVE, 12);
              s.setParameter(MIX, 0);
            });
    double[][] out = BlockRunner.run(m, in, new int[] {512});
    IirOversampler o = new IirOversampler(2, 512);
    double[][] expected = new double[2][12000];
    for (int b = 0; b < 12000; b += 500) {
      o.upsample(in[0], in[1], b, 500);
      o.downsample(expected[0], expected[1], b, 500);
    }
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < 12000; i++) {
        assertEquals(expected[c][i], out[c][i], 0.0, "channel " + c + " at " + i);
      }
    }
  }

  /**
   * A steady, engaged saturator runs each block in long loops (upsamplers, then the curve, then the
   * downsamplers, each filter snapped at the grid points between its segments); it must give the
   * segment-by-segment result bit for bit, through music, a decay into silence long enough for the
   * snaps to zero the filters, and music again, for one and two channels, every factor, and block
   * sizes that start off the grid.
   */
  @Test
  void steadyBlocksMatchGridSegmentsBitForBit() {
    int frames = 60000;
    double[][] in = BlockRunner.noise(2, frames, 11);
    for (int c = 0; c < 2; c++) {
      for (int i = 8000; i < 50000; i++) {
        in[c][i] = i == 8000 ? 0.9 - c : 0.0;
      }
    }
    int[][] splits = {{512}, {37}, {1, 2, 31, 64, 65, 999}};
    for (SaturationCurve curve :
        new SaturationCurve[] {SaturationCurve.TAPE, SaturationCurve.SOFT_CLIP}) {
      for (int f = 0; f < 3; f++) {
        for (int channels = 1; channels <= 2; channels++) {
          for (int[] sizes : splits) {
            int factor = f;
            Consumer<SaturatorModule> setup =
                s -> {
                  s.setParameter(CURVE, curve.ordinal());
                  s.setParameter(OVERSAMPLING, factor);
                  s.setParameter(DRIVE, 9);
                  s.setParameter(MIX, 80);
                };
            int largest = BlockRunner.largest(sizes);
            SaturatorModule whole = prepared(48000, largest, channels, setup);
            SaturatorModule segments = prepared(48000, largest, channels, setup);
            segments.segmentByGridForTest();
            double[][] x = slice(in, 0, frames);
            if (channels == 1) {
              x = new double[][] {x[0]};
            }
            double[][] a = BlockRunner.run(whole, x, sizes);
            double[][] b = BlockRunner.run(segments, x, sizes);
            String what = curve + " " + (2 << f) + "x, " + channels + " ch, blocks " + sizes[0];
            for (int c = 0; c < channels; c++) {
              for (int i = 0; i < frames; i++) {
                assertEquals(
                    Double.doubleToRawLongBits(b[c][i]),
                    Double.doubleToRawLongBits(a[c][i]),
                    what + ", channel " + c + " at " + i);
              }
              // The filters decayed to exact zeros before the music came back.
              assertEquals(0.0, a[c][49999], 0.0, what);
              assertTrue(a[c][8010] != 0.0 && a[c][50010] != 0.0, what);
            }
          }
        }
      }
    }
  }

  @Test
  void halfMixOfAQuietToneHasNoCombNotch() {
    // A dry signal merely delayed by the latency would differ in phase from the wet one by the
    // IIR's excess delay (several frames near 20 kHz), and half of each would cancel there.
    double worst = 0;
    for (int hz : new int[] {1000, 5000, 10000, 15000, 18000, 19000, 20000}) {
      SaturatorModule m =
          prepared(
              48000,
              4096,
              1,
              s -> {
                s.setParameter(CURVE, SaturationCurve.SOFT_CLIP.ordinal());
                s.setParameter(MIX, 50);
              });
      double[] h = measuredResponse(m, 48000, hz);
      double[] expected = cascadeResponse(2, hz / 48000.0);
      double db = 20 * Math.log10(Math.hypot(h[0], h[1]));
      worst = Math.max(worst, Math.abs(db));
      assertTrue(Math.abs(db) < 0.01, hz + " Hz: " + db + " dB");
      assertTrue(Math.hypot(h[0] - expected[0], h[1] - expected[1]) < 1e-6, hz + " Hz phase");
    }
    System.out.printf(Locale.ROOT, "IIR half mix: worst %.2g dB%n", worst);
  }
}
