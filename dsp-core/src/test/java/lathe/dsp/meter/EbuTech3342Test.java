package lathe.dsp.meter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Runs the loudness-range test signals of EBU Tech 3342 (V4) through the meter, generated from the
 * document's descriptions: stereo 1 kHz sines at the stated peak levels per channel, 48 kHz, each
 * checked within the document's +-1 LU.
 *
 * <p>Not covered: cases 5 and 6 (authentic programme, the EBU's own files).
 */
class EbuTech3342Test {
  private static final double FS = 48000;
  private static final double TOLERANCE = 1.0;
  // Readings of this meter, checked in addition to the document's tolerance: the percentiles fall
  // on steady parts of the steps, whose short-term values all read the step's own level.
  private static final double REGRESSION = 1e-4;

  private static double range(ToneProgram p) {
    LoudnessMeter m = new LoudnessMeter(2, FS);
    p.stream(2, 4096, (x, n, t) -> m.addFrames(x, n));
    return m.loudnessRangeLu();
  }

  private static ToneProgram tone() {
    return new ToneProgram(FS, 1000);
  }

  @Test
  void case1TwentyThenThirtyDbfs() {
    assertEquals(10.0, range(tone().then(-20, 20).then(-30, 20)), TOLERANCE);
    assertEquals(10.0, range(tone().then(-20, 20).then(-30, 20)), REGRESSION);
  }

  @Test
  void case2TwentyThenFifteenDbfs() {
    assertEquals(5.0, range(tone().then(-20, 20).then(-15, 20)), TOLERANCE);
    assertEquals(5.0, range(tone().then(-20, 20).then(-15, 20)), REGRESSION);
  }

  @Test
  void case3FortyThenTwentyDbfs() {
    assertEquals(20.0, range(tone().then(-40, 20).then(-20, 20)), TOLERANCE);
    assertEquals(20.0, range(tone().then(-40, 20).then(-20, 20)), REGRESSION);
  }

  @Test
  void case4FiveStepsUpAndDown() {
    ToneProgram p = tone().then(-50, 20).then(-35, 20).then(-20, 20).then(-35, 20).then(-50, 20);
    assertEquals(15.0, range(p), TOLERANCE);
    assertEquals(15.0, range(p), REGRESSION);
  }
}
