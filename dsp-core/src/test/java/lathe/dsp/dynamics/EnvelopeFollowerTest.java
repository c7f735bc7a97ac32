package lathe.dsp.dynamics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EnvelopeFollowerTest {
  private static final double RATE = 48000;

  private static double run(EnvelopeFollower e, double level, int frames) {
    double v = e.value();
    for (int i = 0; i < frames; i++) {
      v = e.next(level);
    }
    return v;
  }

  @Test
  void attackCoversOneMinusOneOverEOfAStepInItsTimeConstant() {
    for (double attackMillis : new double[] {0.5, 1, 10, 30, 100}) {
      EnvelopeFollower e = new EnvelopeFollower();
      e.setTimes(RATE, attackMillis, 500, false);
      int tau = (int) Math.round(attackMillis * RATE / 1000);
      double v = run(e, 0.5, tau);
      // Whole frames: the time constant lands on a frame for every value above at 48 kHz.
      assertEquals(0.5 * (1 - Math.exp(-1)), v, 1e-9, attackMillis + " ms");
    }
  }

  @Test
  void releaseFallsToOneOverEOfAStepInItsTimeConstant() {
    for (double releaseMillis : new double[] {10, 50, 200, 1000}) {
      EnvelopeFollower e = new EnvelopeFollower();
      e.setTimes(RATE, 0.1, releaseMillis, false);
      run(e, 1.0, 48000); // fully attacked
      int tau = (int) Math.round(releaseMillis * RATE / 1000);
      double v = run(e, 0.0, tau);
      assertEquals(Math.exp(-1), v, 1e-9, releaseMillis + " ms");
    }
  }

  @Test
  void autoReleaseRecoversFromATransientWithAFifthOfTheReleaseTime() {
    double releaseMillis = 200;
    EnvelopeFollower e = new EnvelopeFollower();
    e.setTimes(RATE, 0.1, releaseMillis, true);
    run(e, 1.0, 240); // a 5 ms burst barely charges the slow stage
    int fastTau = (int) Math.round(releaseMillis / 5 * RATE / 1000);
    // Fast stage alone: exp(-1) after its time constant, starting from 1 - exp(-50).
    assertEquals(Math.exp(-1), run(e, 0.0, fastTau), 1e-9);
  }

  @Test
  void autoReleaseRecoversFromSustainedReductionWithTheReleaseTime() {
    double releaseMillis = 200;
    EnvelopeFollower e = new EnvelopeFollower();
    e.setTimes(RATE, 0.1, releaseMillis, true);
    run(e, 1.0, 3 * 48000); // ten charge time constants: the slow stage is at 1 - exp(-10)
    int tau = (int) Math.round(releaseMillis * RATE / 1000);
    // Slow stage s' = (f - s) / T with the fast stage f = exp(-5 t / T), from s = f = 1:
    // s(t) = 1.25 exp(-t / T) - 0.25 exp(-5 t / T); at t = T:
    double expected = 1.25 * Math.exp(-1) - 0.25 * Math.exp(-5);
    assertEquals(expected, run(e, 0.0, tau), 2e-3);
  }

  @Test
  void switchingAutoReleaseKeepsTheEnvelopeContinuous() {
    EnvelopeFollower e = new EnvelopeFollower();
    e.setTimes(RATE, 1, 100, true);
    run(e, 1.0, 48000);
    run(e, 0.0, 2000); // fast stage has fallen below the slow one
    double before = e.value();
    e.setTimes(RATE, 1, 100, false);
    assertEquals(before, e.value());
    e.setTimes(RATE, 1, 100, true);
    assertEquals(before, e.value());
  }
}
