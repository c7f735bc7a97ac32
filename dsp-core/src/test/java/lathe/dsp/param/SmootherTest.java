package lathe.dsp.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SmootherTest {
  @Test
  void linearRampReachesTheTargetInExactlyTheRampTime() {
    LinearSmoother s = new LinearSmoother();
    s.reset(48000, 0.001); // 48 frames
    s.setCurrentAndTarget(0.0);
    s.setTarget(1.0);
    for (int i = 1; i <= 47; i++) {
      assertEquals(i / 48.0, s.next(), 1e-12);
      assertTrue(s.isSmoothing());
    }
    assertEquals(1.0, s.next());
    assertFalse(s.isSmoothing());
    assertEquals(1.0, s.next());
  }

  @Test
  void multiplicativeRampPassesTheGeometricMeanHalfway() {
    MultiplicativeSmoother s = new MultiplicativeSmoother();
    s.reset(48000, 0.002); // 96 frames
    s.setCurrentAndTarget(100.0);
    s.setTarget(10000.0);
    double v = 0;
    for (int i = 0; i < 48; i++) {
      v = s.next();
    }
    assertEquals(1000.0, v, 1e-9);
    for (int i = 0; i < 48; i++) {
      v = s.next();
    }
    assertEquals(10000.0, v);
    assertFalse(s.isSmoothing());
  }

  @Test
  void skipLandsWhereRepeatedNextLands() {
    LinearSmoother a = new LinearSmoother();
    LinearSmoother b = new LinearSmoother();
    for (LinearSmoother s : new LinearSmoother[] {a, b}) {
      s.reset(44100, 0.05);
      s.setCurrentAndTarget(-3.0);
      s.setTarget(5.0);
    }
    for (int i = 0; i < 1000; i++) {
      a.next();
    }
    b.skip(1000);
    assertEquals(a.current(), b.current(), 1e-12);
    a.skip(1_000_000);
    assertEquals(5.0, a.current());
  }
}
