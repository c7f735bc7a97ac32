package lathe.dsp.meter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import lathe.dsp.Allocations;
import lathe.dsp.ProcessSpec;
import lathe.dsp.dynamics.TruePeakLimiter;
import org.junit.jupiter.api.Test;

class MeterBankTest {
  private static final double FS = 48000;

  /** Feeds a stereo signal through the bank in 512-frame blocks and returns the last snapshot. */
  private static double[] feed(MeterBank bank, double[] left, double[] right) {
    double[][] block = new double[2][512];
    for (int pos = 0; pos < left.length; pos += 512) {
      int n = Math.min(512, left.length - pos);
      System.arraycopy(left, pos, block[0], 0, n);
      System.arraycopy(right, pos, block[1], 0, n);
      bank.process(block, n);
    }
    double[] v = new double[bank.size()];
    bank.read(v);
    return v;
  }

  private static double[] sine(double amplitude, double hz, int frames) {
    double[] x = new double[frames];
    for (int i = 0; i < frames; i++) {
      x[i] = amplitude * Math.sin(2 * Math.PI * hz * i / FS);
    }
    return x;
  }

  @Test
  void aStereoSineAtMinus23DbfsReadsMinus23EverywhereAndZeroPeakToLoudness() {
    // EBU Tech 3341 case 1: a 1 kHz stereo sine at -23 dBFS reads -23 LUFS momentary,
    // short-term and integrated; its true peak is its amplitude, so PLR and PSR are 0 dB.
    double[] x = sine(Math.pow(10, -23 / 20.0), 1000, 5 * (int) FS);
    double[] v = feed(new MeterBank(2, FS, List.of()), x, x);
    assertEquals(-23.0, v[MeterBank.MOMENTARY], 0.1);
    assertEquals(-23.0, v[MeterBank.SHORT_TERM], 0.1);
    assertEquals(-23.0, v[MeterBank.INTEGRATED], 0.1);
    assertEquals(0.0, v[MeterBank.LOUDNESS_RANGE], 0.1);
    assertEquals(-23.0, v[MeterBank.TRUE_PEAK_MAX], 0.05);
    assertEquals(-23.0, v[MeterBank.TRUE_PEAK], 0.05);
    assertEquals(0.0, v[MeterBank.PLR], 0.1);
    assertEquals(0.0, v[MeterBank.PSR], 0.1);
    assertEquals(1.0, v[MeterBank.CORRELATION], 1e-9);
  }

  @Test
  void invertedChannelsCorrelateAtMinusOne() {
    double[] x = sine(0.3, 440, (int) FS);
    double[] y = x.clone();
    for (int i = 0; i < y.length; i++) {
      y[i] = -y[i];
    }
    assertEquals(-1.0, feed(new MeterBank(2, FS, List.of()), x, y)[MeterBank.CORRELATION], 1e-9);
  }

  @Test
  void blockPeakFollowsTheMusicWhileTheMaximumHolds() {
    double[] loud = sine(0.5, 1000, 3 * (int) FS);
    double[] quiet = sine(0.05, 1000, (int) FS);
    MeterBank bank = new MeterBank(2, FS, List.of());
    feed(bank, loud, loud);
    double[] v = feed(bank, quiet, quiet);
    assertEquals(20 * Math.log10(0.05), v[MeterBank.TRUE_PEAK], 0.05);
    assertEquals(20 * Math.log10(0.5), v[MeterBank.TRUE_PEAK_MAX], 0.05);
    // The last 3 s still hold two loud seconds, so PSR takes their peak against the short-term.
    assertTrue(Double.isFinite(v[MeterBank.SHORT_TERM]));
    assertEquals(20 * Math.log10(0.5) - v[MeterBank.SHORT_TERM], v[MeterBank.PSR], 0.05);
  }

  @Test
  void gainReductionIsTheLimitersOwn() {
    TruePeakLimiter limiter = new TruePeakLimiter();
    limiter.prepare(new ProcessSpec(FS, 512, 2));
    MeterBank bank = new MeterBank(2, FS, List.of(limiter));
    assertEquals(List.of("limiter"), bank.dynamicsIds());
    double[][] block = new double[2][512];
    double[] v = new double[bank.size()];
    for (int b = 0; b < 200; b++) {
      for (int i = 0; i < 512; i++) {
        block[0][i] = block[1][i] = 2.0 * Math.sin(2 * Math.PI * 1000 * (b * 512 + i) / FS);
      }
      limiter.process(block, 512);
      bank.process(block, 512);
    }
    bank.read(v);
    assertEquals(limiter.gainReductionDb(), v[MeterBank.GAIN_REDUCTION]);
    // A sine at +6 dBFS under a -1 dBTP ceiling is held about 7 dB down.
    assertEquals(7.0, v[MeterBank.GAIN_REDUCTION], 0.2);
  }

  @Test
  void monoReadsCorrelationOneAndSilenceHasNoLoudness() {
    MeterBank bank = new MeterBank(1, FS, List.of());
    double[][] block = new double[1][480];
    for (int i = 0; i < 100; i++) {
      bank.process(block, 480);
    }
    double[] v = new double[bank.size()];
    assertTrue(bank.read(v) >= 100);
    assertEquals(Double.NEGATIVE_INFINITY, v[MeterBank.INTEGRATED]);
    assertTrue(Double.isNaN(v[MeterBank.LOUDNESS_RANGE]));
    assertEquals(1.0, v[MeterBank.CORRELATION]);
  }

  @Test
  void processAllocatesNothing() {
    MeterBank bank = new MeterBank(2, FS, List.of());
    double[][] block = {sine(0.3, 997, 256), sine(0.2, 1999, 256)};
    assertEquals(0, Allocations.steadyState(4000, () -> bank.process(block, 256)));
  }
}
