package lathe.dsp.multiband;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CrossoverResponseTest {
  private static final double[][] LAYOUTS = {
    {120, 1000, 6000}, {20, 400, 16000}, {250, 2500, 10000}, {80, 100, 500}, {2000, 1000, 500}
  };

  /** Solos every band: with ratio 1 the output is then the plain sum of the bands. */
  private static MultibandCompressor allSoloed(int bands, double[] layout) {
    MultibandCompressor m = new MultibandCompressor();
    Mbc.layout(m, bands, layout[0], layout[1], layout[2]);
    for (int b = 1; b <= bands; b++) {
      Mbc.band(m, b, "solo", 1);
    }
    return m;
  }

  @Test
  void bandsSumToFlatMagnitudeFrom20HzTo20kHz() {
    double worst = 0;
    for (double rate : new double[] {44100, 48000, 96000}) {
      for (int bands = 2; bands <= 4; bands++) {
        for (double[] layout : LAYOUTS) {
          MultibandCompressor m = allSoloed(bands, layout);
          double[] h = Mbc.impulseResponse(m, rate, (int) (rate / 2));
          assertEquals(bands, m.activeBands(), "engaged");
          for (int k = 0; k <= 120; k++) {
            double hz = 20 * Math.pow(1000, k / 120.0);
            worst = Math.max(worst, Math.abs(Mbc.magnitudeDb(h, hz, rate)));
          }
        }
      }
    }
    System.out.printf("mbc crossover sum: worst deviation %.3g dB (20 Hz..20 kHz)%n", worst);
    assertTrue(worst < 0.01, "worst deviation " + worst + " dB");
  }

  @Test
  void eachBandFollowsTheLinkwitzRileyClosedForm() {
    double worst = 0;
    for (double rate : new double[] {44100, 96000}) {
      for (int bands = 2; bands <= 4; bands++) {
        double[] c = {120, 1000, 6000};
        for (int band = 1; band <= bands; band++) {
          MultibandCompressor m = new MultibandCompressor();
          Mbc.layout(m, bands, c[0], c[1], c[2]);
          Mbc.band(m, band, "solo", 1);
          double[] h = Mbc.impulseResponse(m, rate, (int) (rate / 2));
          for (int k = 0; k <= 100; k++) {
            double hz = 20 * Math.pow(1000, k / 100.0);
            double expected = 0;
            for (int j = 1; j < band; j++) {
              expected += Mbc.linkwitzRileyDb(true, hz, c[j - 1], rate);
            }
            if (band < bands) {
              expected += Mbc.linkwitzRileyDb(false, hz, c[band - 1], rate);
            }
            if (expected < -120) {
              continue;
            }
            worst = Math.max(worst, Math.abs(Mbc.magnitudeDb(h, hz, rate) - expected));
          }
        }
      }
    }
    System.out.printf("mbc band responses vs LR4 closed form: worst %.3g dB%n", worst);
    assertTrue(worst < 0.001, "worst " + worst + " dB");
  }

  @Test
  void highBandAsAllPassMinusLowBandMatchesTwoHighPassBiquads() {
    // The high band is the all-pass minus the low band; the textbook form runs two high-pass
    // biquads. Both from the same coefficients, their impulse responses agree to rounding.
    double worst = 0;
    for (double rate : new double[] {44100, 48000, 96000}) {
      for (double crossover : new double[] {20, 60, 120, 500, 2000}) {
        MultibandCompressor m = new MultibandCompressor();
        Mbc.layout(m, 2, crossover, 1000, 6000);
        Mbc.band(m, 2, "solo", 1);
        double[] h = Mbc.impulseResponse(m, rate, (int) rate);
        double[] c = new double[4];
        LinkwitzRileyDesign.design(crossover, rate, c);
        double[] ref = new double[h.length];
        ref[0] = 1.0;
        for (int section = 0; section < 2; section++) {
          double z1 = 0;
          double z2 = 0;
          for (int i = 0; i < ref.length; i++) {
            double x = ref[i];
            double y = c[1] * x + z1;
            z1 = -2 * c[1] * x - c[2] * y + z2;
            z2 = c[1] * x - c[3] * y;
            ref[i] = y;
          }
        }
        for (int i = 0; i < h.length; i++) {
          worst = Math.max(worst, Math.abs(h[i] - ref[i]));
        }
      }
    }
    System.out.printf("mbc high band vs two high-pass biquads: worst %.3g%n", worst);
    assertTrue(worst < 1e-12, "worst difference " + worst + " of a unit impulse");
  }

  @Test
  void bothBandsAreSixDecibelsDownAtTheCrossover() {
    for (double rate : new double[] {44100, 48000, 96000}) {
      for (double crossover : new double[] {60, 1000, 2000}) {
        for (int band = 1; band <= 2; band++) {
          MultibandCompressor m = new MultibandCompressor();
          Mbc.layout(m, 2, crossover, 1000, 6000);
          Mbc.band(m, band, "solo", 1);
          double[] h = Mbc.impulseResponse(m, rate, (int) (rate / 2));
          // |LR4| = |Butterworth 2nd order|^2 = 1/2 at the crossover: 20 log10(1/2).
          assertEquals(
              20 * Math.log10(0.5),
              Mbc.magnitudeDb(h, crossover, rate),
              1e-4,
              "band " + band + " at " + crossover + " Hz, " + rate);
        }
      }
    }
  }

  @Test
  void stereoSplitEqualsTwoMonoSplits() {
    double[][] in = lathe.dsp.BlockRunner.noise(2, 5000, 9);
    for (int bands = 2; bands <= 4; bands++) {
      MultibandCompressor stereo = allSoloed(bands, LAYOUTS[0]);
      stereo.prepare(new lathe.dsp.ProcessSpec(48000, 333, 2));
      double[][] both = lathe.dsp.BlockRunner.run(stereo, in, new int[] {333});
      for (int c = 0; c < 2; c++) {
        MultibandCompressor mono = allSoloed(bands, LAYOUTS[0]);
        mono.prepare(new lathe.dsp.ProcessSpec(48000, 333, 1));
        double[][] one = lathe.dsp.BlockRunner.run(mono, new double[][] {in[c]}, new int[] {333});
        org.junit.jupiter.api.Assertions.assertArrayEquals(one[0], both[c], "channel " + c);
      }
    }
  }

  @Test
  void crossoversAreKeptInOrder() {
    MultibandCompressor m = new MultibandCompressor();
    Mbc.layout(m, 4, 2000, 1000, 500);
    m.prepare(new lathe.dsp.ProcessSpec(48000, 64, 2));
    assertEquals(1000, m.effectiveCrossoverHertz(1), 1e-9);
    assertEquals(1000, m.effectiveCrossoverHertz(2), 1e-9);
    assertEquals(1000, m.effectiveCrossoverHertz(3), 1e-9);
    Mbc.layout(m, 4, 100, 8000, 20000);
    m.prepare(new lathe.dsp.ProcessSpec(44100, 64, 2));
    assertEquals(100, m.effectiveCrossoverHertz(1), 1e-9);
    assertEquals(8000, m.effectiveCrossoverHertz(2), 1e-9);
    assertEquals(0.45 * 44100, m.effectiveCrossoverHertz(3), 1e-9);
  }
}
