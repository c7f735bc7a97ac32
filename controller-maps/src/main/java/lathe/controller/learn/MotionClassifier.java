package lathe.controller.learn;

import java.util.List;
import lathe.controller.map.ValueMode;

/**
 * Tells an absolute knob from a relative encoder by the 7-bit values one burst of movement sent.
 *
 * <p>An absolute knob sends positions: a monotonic run of different values, never the same value
 * twice in a row (it sends on change). An encoder sends steps clustered around its centre: 1 and
 * 127 in two's complement, 63 and 65 around 64, 1 and 65 as sign and magnitude, and the same step
 * again and again while turned at an even speed. Turned one way only, 1s fit both two's complement
 * and sign-magnitude and 65s fit both offset 64 and sign-magnitude; the classifier waits for the
 * other direction and, after {@link #MAX_AMBIGUOUS} values, picks the more common encoding.
 */
public final class MotionClassifier {
  /** Sets how many values are needed before anything is decided. */
  public static final int MIN_VALUES = 3;

  /** Sets after how many one-way values an ambiguous encoder gets the more common encoding. */
  public static final int MAX_AMBIGUOUS = 6;

  /** Bounds the step an encoder is taken to send, even accelerated. */
  public static final int MAX_STEP = 15;

  private static final List<ValueMode> RELATIVE_BY_PREFERENCE =
      List.of(ValueMode.RELATIVE_TWOS, ValueMode.RELATIVE_OFFSET64, ValueMode.RELATIVE_SIGNMAG);

  private MotionClassifier() {}

  /**
   * Classifies a burst of values.
   *
   * @param values the data bytes in arrival order, 0..127
   * @return the mode, or null when more values are needed
   */
  public static ValueMode classify(List<Integer> values) {
    int n = values.size();
    if (n < MIN_VALUES) {
      return null;
    }
    boolean repeats = false;
    boolean rising = true;
    boolean falling = true;
    for (int i = 1; i < n; i++) {
      int d = values.get(i) - values.get(i - 1);
      repeats |= d == 0;
      rising &= d > 0;
      falling &= d < 0;
    }
    List<ValueMode> fits =
        RELATIVE_BY_PREFERENCE.stream().filter(m -> fitsEncoder(m, values)).toList();
    if (fits.isEmpty() || rising || falling) {
      return ValueMode.ABSOLUTE;
    }
    if (!repeats) {
      // a knob moved back and forth, or an encoder turned both ways one step at a time
      return fits.size() == 1 && bothWays(fits.get(0), values) ? fits.get(0) : ValueMode.ABSOLUTE;
    }
    if (fits.size() == 1) {
      return fits.get(0);
    }
    return n >= MAX_AMBIGUOUS ? fits.get(0) : null;
  }

  private static boolean fitsEncoder(ValueMode mode, List<Integer> values) {
    for (int v : values) {
      int steps = mode.steps(v);
      if (steps == 0 || Math.abs(steps) > MAX_STEP) {
        return false;
      }
    }
    return true;
  }

  private static boolean bothWays(ValueMode mode, List<Integer> values) {
    boolean up = false;
    boolean down = false;
    for (int v : values) {
      up |= mode.steps(v) > 0;
      down |= mode.steps(v) < 0;
    }
    return up && down;
  }
}
