package lathe.dsp.saturation;

import static lathe.dsp.saturation.SaturatorRig.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import java.util.function.Consumer;
import lathe.dsp.BlockRunner;
import lathe.dsp.ProcessSpec;
import org.junit.jupiter.api.Test;

class SaturatorModuleTest {
  private static SaturatorModule prepared(
      double rate, int maxFrames, int channels, Consumer<SaturatorModule> setup) {
    return SaturatorRig.prepared(LINEAR, rate, maxFrames, channels, setup);
  }

  @Test
  void aliasesOfAFullScaleToneDrivenTwelveDecibelsStayBelowMinusNinetyAtFourAndEightTimes() {
    for (int phase : new int[] {LINEAR, MINIMUM}) {
      StringBuilder report =
          new StringBuilder(phase == LINEAR ? "linear" : "minimum")
              .append(" phase, largest alias, dBFS:");
      for (SaturationCurve curve : CURVES) {
        for (int f = 0; f < 3; f++) {
          double db = largestAliasDbfs(phase, curve, f);
          report.append(String.format(Locale.ROOT, " %s@%dx=%.1f", curve, 2 << f, db));
          if (f > 0) {
            assertTrue(db < -90, curve + " at " + (2 << f) + "x, phase " + phase + ": " + db);
          }
        }
      }
      System.out.println(report);
    }
  }

  @Test
  void halfbandsMeetTheirStopbandAndDelaysAreWhole() {
    // Stop edges as fractions of each stage's rate: the downsamplers reject from 0.52 of the base
    // rate (so a 25 kHz harmonic cannot fold below 24 kHz at 48 kHz), the first upsampler only
    // from 1 - 20/44.1 of it (it keeps 20 kHz at 44.1 kHz flat and lets the band above roll off).
    double upEdge = (1 - 20000.0 / 44100.0) / 2;
    HalfbandDesign[] designs = {
      Oversampler.upDesign(0),
      Oversampler.downDesign(0),
      Oversampler.downDesign(1),
      Oversampler.downDesign(2)
    };
    double[] edges = {upEdge, 0.26, 0.37, 0.435};
    double[] needDb = {84, 84, 110, 110}; // minimums the designs must keep (85 dB asked at stage 1)
    for (int s = 0; s < designs.length; s++) {
      HalfbandDesign d = designs[s];
      double worstStop = -1e9;
      for (int i = 0; i <= 2000; i++) {
        double f = edges[s] + (0.5 - edges[s]) * i / 2000.0;
        worstStop = Math.max(worstStop, responseDb(d, f));
      }
      System.out.printf(
          Locale.ROOT, "design %d: K=%d stopband %.1f dB%n", s, d.halfLength(), worstStop);
      assertTrue(worstStop < -needDb[s], "design " + s + " stopband " + worstStop);
      assertEquals(0.0, responseDb(d, 0), 1e-9);
      double passRipple = 0;
      for (int i = 0; i <= 1000; i++) {
        passRipple = Math.max(passRipple, Math.abs(responseDb(d, (0.5 - edges[s]) * i / 1000.0)));
      }
      assertTrue(passRipple < 1e-3, "design " + s + " passband ripple " + passRipple + " dB");
    }
    for (int s = 1; s < 3; s++) {
      assertEquals(Oversampler.downDesign(s).halfLength(), Oversampler.upDesign(s).halfLength());
    }
    // Whole delays: up K + down K (+1 pad if odd) halved per stage, from the innermost outwards.
    int kUp = Oversampler.upDesign(0).halfLength();
    int kDown = Oversampler.downDesign(0).halfLength();
    int k2 = Oversampler.downDesign(1).halfLength();
    int k3 = Oversampler.downDesign(2).halfLength();
    assertEquals((kUp + kDown + 1) / 2, Oversampler.latencyFrames(1));
    int inner2 = (2 * k2 + 1) / 2;
    assertEquals((kUp + kDown + inner2 + 1) / 2, Oversampler.latencyFrames(2));
    int inner3 = (2 * k2 + (2 * k3 + 1) / 2 + 1) / 2;
    assertEquals((kUp + kDown + inner3 + 1) / 2, Oversampler.latencyFrames(3));
    assertEquals(97, Oversampler.latencyFrames(1));
    assertEquals(106, Oversampler.latencyFrames(2));
    assertEquals(109, Oversampler.latencyFrames(3));
  }

  /** Returns |H(f)| in dB of a zero-phase halfband, f as a fraction of its sample rate. */
  private static double responseDb(HalfbandDesign d, double f) {
    double sum = 0;
    for (int j = -d.halfLength(); j <= d.halfLength(); j++) {
      sum += d.tap(j) * Math.cos(2 * Math.PI * f * j);
    }
    return 20 * Math.log10(Math.abs(sum));
  }

  @Test
  void latencyFollowsTheFactorChosenBeforePrepare() {
    int[] expected = {97, 106, 109};
    for (int f = 0; f < 3; f++) {
      int factor = f;
      SaturatorModule m = prepared(44100, 64, 2, s -> s.setParameter(OVERSAMPLING, factor));
      assertEquals(expected[f], m.latencyFrames());
      assertEquals(2 << f, m.oversamplingFactor());
      m.setParameter(OVERSAMPLING, (f + 1) % 3);
      assertEquals(expected[f], m.latencyFrames(), "no change before the next prepare");
    }
  }

  @Test
  void quietSineComesOutDelayedAtTheCurvesUnitSlope() {
    // Every curve has slope 1 at 0 (atan'(0) = tanh'(0) = 1, the tube scaled by 1/sech^2(b)); at
    // amplitude 1e-5 the cubic terms are 1e-10 of the signal, so the output is the input delayed.
    for (SaturationCurve curve :
        new SaturationCurve[] {SaturationCurve.TAPE, SaturationCurve.SOFT_CLIP}) {
      for (int f = 0; f < 3; f++) {
        int factor = f;
        SaturatorModule m =
            prepared(
                48000,
                512,
                1,
                s -> {
                  s.setParameter(CURVE, curve.ordinal());
                  s.setParameter(OVERSAMPLING, factor);
                });
        double[] in = sine(8000, 1e-5, 1000, 48000);
        double[] out = runMono(m, in, 512);
        int lat = m.latencyFrames();
        double worst = 0;
        for (int i = 2000; i < in.length; i++) {
          worst = Math.max(worst, Math.abs(out[i] - in[i - lat]) / 1e-5);
        }
        // Bound: the passband ripple of the first stage, crossed twice (delta = 10^(-85/20) =
        // 5.6e-5 at 85 dB, up and down, so 1.1e-4).
        assertTrue(worst < 1.2e-4, curve + " " + (2 << f) + "x relative error " + worst);
        System.out.printf(
            Locale.ROOT, "quiet sine %s %dx: relative error %.2g%n", curve, 2 << f, worst);
      }
    }
  }

  @Test
  void wetPathIsFlatWithinATenthOfADecibelTo20KilohertzAt441And48Kilohertz() {
    // A quiet sine (the curve's unit slope, cubic terms 1e-10) of a whole number of hertz, measured
    // over one second (a whole number of cycles, so the projection on it is exact).
    double worst = 0;
    for (double rate : new double[] {44100, 48000}) {
      for (int f = 0; f < 3; f++) {
        for (int hz : new int[] {20, 1000, 10000, 15000, 18000, 19000, 19500, 20000}) {
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
          int n = (int) rate;
          double[] out = runMono(m, sine(n + 4096, 1e-5, hz, rate), 4096);
          double re = 0;
          double im = 0;
          for (int i = 0; i < n; i++) {
            double p = 2 * Math.PI * hz * (i + 4096) / rate;
            re += out[i + 4096] * Math.cos(p);
            im += out[i + 4096] * Math.sin(p);
          }
          double db = 20 * Math.log10(2 * Math.hypot(re, im) / n / 1e-5);
          worst = Math.max(worst, Math.abs(db));
          assertTrue(Math.abs(db) < 0.1, rate + " Hz rate, " + hz + " Hz: " + db + " dB");
        }
      }
    }
    System.out.printf(Locale.ROOT, "flatness to 20 kHz: worst %.2g dB%n", worst);
  }

  @Test
  void quietSineThroughTheTubeHasTheDcBlockersGain() {
    // Gain = slope 1 times |H| of (1 - z^-1) / (1 - R z^-1), R = exp(-2 pi 5 / 48000), at 100 Hz.
    double rate = 48000;
    double hz = 100;
    double r = Math.exp(-2 * Math.PI * SaturatorModule.DC_CORNER_HERTZ / rate);
    double w = 2 * Math.PI * hz / rate;
    double num = Math.hypot(1 - Math.cos(w), Math.sin(w));
    double den = Math.hypot(1 - r * Math.cos(w), r * Math.sin(w));
    double expected = num / den;
    SaturatorModule m = prepared(rate, 512, 1, s -> s.setParameter(CURVE, 2));
    double[] in = sine(96000, 1e-5, hz, rate);
    double[] out = runMono(m, in, 512);
    int lat = m.latencyFrames();
    double inPow = 0;
    double outPow = 0;
    for (int i = 48000; i < 48000 + 48000; i++) {
      outPow += out[i] * out[i];
      inPow += in[i - lat] * in[i - lat];
    }
    // Within the halfbands' passband ripple (1.1e-4, see above); a missing blocker is off by 9e-4.
    assertEquals(expected, Math.sqrt(outPow / inPow), 1.2e-4);
  }

  @Test
  void halfMixOfAQuietSineIsTheInputDelayedSoDryAndWetAreAligned() {
    SaturatorModule m =
        prepared(
            48000,
            256,
            2,
            s -> {
              s.setParameter(CURVE, SaturationCurve.SOFT_CLIP.ordinal());
              s.setParameter(MIX, 50);
            });
    double[] tone = sine(6000, 1e-5, 3000, 48000);
    double[][] out = BlockRunner.run(m, new double[][] {tone, tone}, new int[] {256});
    int lat = m.latencyFrames();
    double worst = 0;
    for (int i = 1000; i < tone.length; i++) {
      worst = Math.max(worst, Math.abs(out[0][i] - tone[i - lat]) / 1e-5);
    }
    // One frame of misalignment would leave an error of 0.5 * 2 sin(pi 3000/48000) = 0.2.
    // Half the wet path's bound (ripple 1.1e-4 crossed up and down), as the dry half is exact.
    assertTrue(worst < 6e-5, "relative error " + worst);
    System.out.printf(Locale.ROOT, "half mix: relative error %.2g%n", worst);
  }

  @Test
  void curvesMatchTheirFormulas() {
    double b = SaturationCurve.TUBE_BIAS;
    for (double x = -8; x <= 8; x += 0.01) {
      assertEquals(Math.atan(x), SaturationCurve.TAPE.shape(x), 1e-15);
      assertEquals(Math.tanh(x), SaturationCurve.SOFT_CLIP.shape(x), 1e-15);
      double sech2 = 1 / (Math.cosh(b) * Math.cosh(b));
      assertEquals((Math.tanh(x + b) - Math.tanh(b)) / sech2, SaturationCurve.TUBE.shape(x), 1e-12);
    }
    double h = 1e-6;
    for (SaturationCurve c : CURVES) {
      double slope = (c.shape(h) - c.shape(-h)) / (2 * h);
      assertEquals(1.0, slope, 1e-9, c + " slope at 0");
    }
    // Tube asymmetry makes even harmonics: f(x) + f(-x) is not zero.
    assertTrue(SaturationCurve.TUBE.shape(1) + SaturationCurve.TUBE.shape(-1) < -0.05);
  }

  @Test
  void fastAtanAgreesWithTheLibraryAtan() {
    double worst = 0;
    for (int i = -200000; i <= 200000; i++) {
      double x = i * 1e-4 + 1e-9;
      worst = Math.max(worst, Math.abs(SaturationCurve.atan(x) - Math.atan(x)));
    }
    java.util.Random r = new java.util.Random(11);
    for (int i = 0; i < 400000; i++) {
      double x = Math.copySign(Math.pow(10, r.nextDouble() * 40 - 20), r.nextDouble() - 0.5);
      worst = Math.max(worst, Math.abs(SaturationCurve.atan(x) - Math.atan(x)));
    }
    assertTrue(worst < 2e-15, "absolute " + worst);
    // Odd, exact at zero, and its limits are the library's at the largest magnitudes.
    assertEquals(0.0, SaturationCurve.atan(0.0));
    assertEquals(-SaturationCurve.atan(0.7), SaturationCurve.atan(-0.7));
    assertEquals(Math.atan(1e300), SaturationCurve.atan(1e300), 1e-15);
    assertEquals(Math.atan(-Double.MAX_VALUE), SaturationCurve.atan(-Double.MAX_VALUE), 1e-15);
    // Its slope is continuous: the derivative 1 / (1 + x^2) holds to the difference's precision.
    double h = 1e-5;
    for (double x = -6; x <= 6; x += 0.003) {
      double slope = (SaturationCurve.atan(x + h) - SaturationCurve.atan(x - h)) / (2 * h);
      assertEquals(1 / (1 + x * x), slope, 1e-9, "slope at " + x);
    }
  }

  @Test
  void fastTanhAgreesWithTheLibraryTanh() {
    double worstAbs = 0;
    double worstRel = 0;
    for (int i = -40000; i <= 40000; i++) {
      double x = i * 0.001 + 1e-7;
      worstAbs = Math.max(worstAbs, Math.abs(SaturationCurve.tanh(x) - Math.tanh(x)));
    }
    for (double x = 1e-300; x < 1; x *= 1.1) {
      worstRel = Math.max(worstRel, Math.abs(SaturationCurve.tanh(x) / Math.tanh(x) - 1));
    }
    assertTrue(worstAbs < 1e-15, "absolute " + worstAbs);
    assertTrue(worstRel < 1e-13, "relative " + worstRel);
    assertEquals(1.0, SaturationCurve.tanh(1e9));
    assertEquals(-1.0, SaturationCurve.tanh(-1e9));
  }

  @Test
  void inTheChainTheDefaultIsTheInputDelayedAndTheFactorSetsTheLatency() {
    lathe.dsp.chain.MasteringChain chain =
        new lathe.dsp.chain.MasteringChain(java.util.List.of(new SaturatorModule()));
    chain.set("sat.oversampling", 2);
    chain.set("sat.phase", 0);
    chain.prepare(new ProcessSpec(48000, 256, 2));
    assertEquals(109, chain.latencyFrames());
    double[][] in = BlockRunner.noise(2, 3000, 11);
    double[][] out = BlockRunner.run(chain, in, new int[] {256});
    for (int i = 109; i < 3000; i++) {
      assertEquals(in[0][i - 109], out[0][i], 0.0);
      assertEquals(in[1][i - 109], out[1][i], 0.0);
    }
  }
}
