package lathe.dsp.meter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Runs the minimum-requirement test signals of EBU Tech 3341 (V4) through the meters, generated
 * from the document's descriptions: stereo 1 kHz sines at the stated peak levels per channel, 48
 * kHz. Each check uses the document's tolerance: +-0.1 LU for momentary, short-term and integrated
 * loudness, +0.2/-0.4 dB for true peak.
 *
 * <p>Not covered: case 6 (5.0 surround; its expected value rests on the surround weights and has no
 * stereo equivalent), cases 7 and 8 (authentic programme, the EBU's own files), and cases 20 to 23
 * (true-peak signals supplied only as the EBU's files). Cases 10, 11, 13 and 14 are supplied as
 * files; their signals are rebuilt here as tone bursts whose expected maxima hold by construction
 * (a burst exactly one window long at -23 dBFS reads -23.0 LUFS only when a window lines up with
 * it), at offsets that miss every 100 ms grid position by up to 50 ms.
 */
class EbuTech3341Test {
  private static final double FS = 48000;
  private static final double TOLERANCE = 0.1;
  private static final int SUB_BLOCK = 480; // 10 ms at 48 kHz
  // Exact readings of this meter, checked in addition to the document's tolerance.
  private static final double REGRESSION = 5e-4;

  private static LoudnessMeter run(ToneProgram p) {
    LoudnessMeter m = new LoudnessMeter(2, FS);
    p.stream(2, 4096, (x, n, t) -> m.addFrames(x, n));
    return m;
  }

  private static ToneProgram tone() {
    return new ToneProgram(FS, 1000);
  }

  @Test
  void case1StereoSineAtMinus23() {
    LoudnessMeter m = run(tone().then(-23, 20));
    assertEquals(-23.0, m.momentaryLufs(), TOLERANCE);
    assertEquals(-23.0, m.shortTermLufs(), TOLERANCE);
    assertEquals(-23.0, m.integratedLufs(), TOLERANCE);
    assertEquals(-22.9933, m.integratedLufs(), REGRESSION);
  }

  @Test
  void case2StereoSineAtMinus33() {
    LoudnessMeter m = run(tone().then(-33, 20));
    assertEquals(-33.0, m.momentaryLufs(), TOLERANCE);
    assertEquals(-33.0, m.shortTermLufs(), TOLERANCE);
    assertEquals(-33.0, m.integratedLufs(), TOLERANCE);
    assertEquals(-32.9933, m.integratedLufs(), REGRESSION);
  }

  @Test
  void case3RelativeGateDropsTheQuietEnds() {
    LoudnessMeter m = run(tone().then(-36, 10).then(-23, 60).then(-36, 10));
    assertEquals(-23.0, m.integratedLufs(), TOLERANCE);
    assertEquals(-23.0139, m.integratedLufs(), REGRESSION);
  }

  @Test
  void case4AbsoluteAndRelativeGates() {
    LoudnessMeter m =
        run(tone().then(-72, 10).then(-36, 10).then(-23, 60).then(-36, 10).then(-72, 10));
    assertEquals(-23.0, m.integratedLufs(), TOLERANCE);
    assertEquals(-23.0139, m.integratedLufs(), REGRESSION);
  }

  @Test
  void case5EnergyMeanOfTwoLevels() {
    LoudnessMeter m = run(tone().then(-26, 20).then(-20, 20.1).then(-26, 20));
    assertEquals(-23.0, m.integratedLufs(), TOLERANCE);
    assertEquals(-22.9787, m.integratedLufs(), REGRESSION);
  }

  @Test
  void case9ShortTermIsConstantAfterThreeSeconds() {
    // 1.34 s at -20 dBFS then 1.66 s at -30 dBFS, five times: every 3 s window holds one period.
    ToneProgram p = tone().repeat(5, -20, 1.34, -30, 1.66);
    LoudnessMeter m = new LoudnessMeter(2, FS);
    double[] worst = {0.0};
    p.stream(
        2,
        SUB_BLOCK,
        (x, n, t) -> {
          m.addFrames(x, n);
          if (t + n >= 3 * FS) {
            worst[0] = Math.max(worst[0], Math.abs(m.shortTermLufs() + 23.0));
          }
        });
    assertTrue(worst[0] <= TOLERANCE, "largest deviation " + worst[0]);
  }

  @Test
  void case12MomentaryIsConstantAfterOneSecond() {
    // 0.18 s at -20 dBFS then 0.22 s at -30 dBFS, 25 times: every 400 ms window holds one period.
    ToneProgram p = tone().repeat(25, -20, 0.18, -30, 0.22);
    LoudnessMeter m = new LoudnessMeter(2, FS);
    double[] worst = {0.0};
    p.stream(
        2,
        SUB_BLOCK,
        (x, n, t) -> {
          m.addFrames(x, n);
          if (t + n >= FS) {
            worst[0] = Math.max(worst[0], Math.abs(m.momentaryLufs() + 23.0));
          }
        });
    assertTrue(worst[0] <= TOLERANCE, "largest deviation " + worst[0]);
  }

  /** Offset of burst {@code k} (1..20) in frames: 52.3 ms steps sweep every 100 ms phase. */
  private static long burstOffsetFrames(int k) {
    return Math.round((0.5 + 0.0523 * k) * FS);
  }

  /** A burst of {@code seconds} at {@code dbfs} after {@code offset} frames of silence. */
  private static ToneProgram burst(long offset, double dbfs, double seconds, double after) {
    return tone()
        .thenFrames(Double.NEGATIVE_INFINITY, offset)
        .then(dbfs, seconds)
        .then(Double.NEGATIVE_INFINITY, after);
  }

  @Test
  void case10MaxShortTermOfEachBurst() {
    for (int k = 1; k <= 20; k++) {
      LoudnessMeter m = run(burst(burstOffsetFrames(k), -23, 3.0, 1.0));
      assertEquals(-23.0, m.maxShortTermLufs(), TOLERANCE, "segment " + k);
    }
  }

  @Test
  void case11MaxShortTermStepsUpOneLuPerSegment() {
    // Twenty 6 s segments, each with a 3 s burst at -38, -37, ..., -19 dBFS at a moving offset.
    ToneProgram p = tone();
    long[] ends = new long[20];
    long at = 0;
    for (int k = 0; k < 20; k++) {
      long offset = Math.round((0.3 + 0.0523 * (k + 1)) * FS);
      long rest = Math.round(6 * FS) - offset - Math.round(3 * FS);
      p.thenFrames(Double.NEGATIVE_INFINITY, offset).then(-38 + k, 3.0);
      p.thenFrames(Double.NEGATIVE_INFINITY, rest);
      at += Math.round(6 * FS);
      ends[k] = at;
    }
    LoudnessMeter m = new LoudnessMeter(2, FS);
    int[] segment = {0};
    p.stream(
        2,
        SUB_BLOCK,
        (x, n, t) -> {
          m.addFrames(x, n);
          if (segment[0] < 20 && t + n == ends[segment[0]]) {
            assertEquals(
                -38.0 + segment[0], m.maxShortTermLufs(), TOLERANCE, "segment " + segment[0]);
            segment[0]++;
          }
        });
    assertEquals(20, segment[0]);
  }

  @Test
  void case13MaxMomentaryOfEachBurst() {
    for (int k = 1; k <= 20; k++) {
      LoudnessMeter m = run(burst(burstOffsetFrames(k), -23, 0.4, 0.5));
      assertEquals(-23.0, m.maxMomentaryLufs(), TOLERANCE, "segment " + k);
    }
  }

  @Test
  void case13WouldFailOnA100MillisecondGrid() {
    // Reading the momentary value only every 100 ms misses the aligned window by up to 50 ms,
    // that is up to 10 log10(350 / 400) = -0.58 dB: the reason a 10 ms grid is needed.
    double worst = 0.0;
    for (int k = 1; k <= 20; k++) {
      LoudnessMeter m = new LoudnessMeter(2, FS);
      double[] max = {Double.NEGATIVE_INFINITY};
      burst(burstOffsetFrames(k), -23, 0.4, 0.5).stream(
          2,
          4800,
          (x, n, t) -> {
            m.addFrames(x, n);
            max[0] = Math.max(max[0], m.momentaryLufs());
          });
      worst = Math.max(worst, Math.abs(max[0] + 23.0));
    }
    assertTrue(worst > TOLERANCE, "a 100 ms grid should fail some segment: " + worst);
  }

  @Test
  void case14MaxMomentaryStepsUpOneLuPerSegment() {
    // Twenty 0.8 s segments, each with a 0.4 s burst at -38, ..., -19 dBFS at a moving offset.
    ToneProgram p = tone();
    long[] ends = new long[20];
    long segmentFrames = Math.round(0.8 * FS);
    for (int k = 0; k < 20; k++) {
      long offset = Math.round((0.0523 * (k + 1) % 0.4) * FS);
      p.thenFrames(Double.NEGATIVE_INFINITY, offset).then(-38 + k, 0.4);
      p.thenFrames(Double.NEGATIVE_INFINITY, segmentFrames - offset - Math.round(0.4 * FS));
      ends[k] = (k + 1) * segmentFrames;
    }
    LoudnessMeter m = new LoudnessMeter(2, FS);
    int[] segment = {0};
    p.stream(
        2,
        SUB_BLOCK,
        (x, n, t) -> {
          m.addFrames(x, n);
          if (segment[0] < 20 && t + n == ends[segment[0]]) {
            assertEquals(
                -38.0 + segment[0], m.maxMomentaryLufs(), TOLERANCE, "segment " + segment[0]);
            segment[0]++;
          }
        });
    assertEquals(20, segment[0]);
  }

  @Test
  void cases15To19TruePeak() {
    // {cycles per sample, peak amplitude, phase in degrees, expected dBTP}
    double[][] cases = {
      {0.25, 0.50, 0.0, -6.0},
      {0.25, 0.50, 45.0, -6.0},
      {1.0 / 6, 0.50, 60.0, -6.0},
      {0.125, 0.50, 67.5, -6.0},
      {0.25, 1.41, 45.0, 3.0},
    };
    for (int c = 0; c < cases.length; c++) {
      int n = (int) FS;
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        double fade = i < 480 ? 0.5 - 0.5 * Math.cos(Math.PI * i / 480) : 1.0;
        x[i] =
            fade
                * cases[c][1]
                * Math.sin(2 * Math.PI * cases[c][0] * i + Math.toRadians(cases[c][2]));
      }
      for (TruePeakMeter.Interpolation kind : TruePeakMeter.Interpolation.values()) {
        TruePeakMeter tp = new TruePeakMeter(2, FS, kind);
        tp.addFrames(new double[][] {x, x}, n);
        double reading = tp.truePeakDbtp();
        double expected = cases[c][3];
        assertTrue(
            reading <= expected + 0.2 && reading >= expected - 0.4,
            "case " + (15 + c) + ", " + kind + ": " + reading);
      }
    }
  }
}
