package lathe.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import lathe.dsp.ProcessSpec;
import lathe.dsp.param.ParamSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Steps every gain, threshold and width of the standard chain from its minimum to its maximum while
 * a 100 Hz tone plays, and checks that the output never jumps further from one sample to the next
 * than 1.25 times the tone's own steepest step at the louder of the two settings: a parameter that
 * reached the audio unsmoothed would jump by a large part of the amplitude at once (a 36 dB shelf
 * step at 12 kHz jumped 14 times the tone's step before the filters moved to direct form I). The
 * limiter is bypassed so that what is measured is the smoothing, not the limiting.
 */
class ParameterStepClickTest {
  private static final double RATE = 48000;
  private static final double HZ = 100;
  private static final int BLOCK = 256;

  static Stream<String> parameters() {
    List<String> ids = new ArrayList<>();
    for (ParamSpec p : StandardChain.create().params()) {
      String id = p.id();
      if (!p.isChoice()
          && (id.endsWith(".gain")
              || id.endsWith(".threshold")
              || id.endsWith(".width")
              || id.endsWith(".makeup"))) {
        ids.add(id);
      }
    }
    return ids.stream();
  }

  /** Returns the largest sample-to-sample step of the output over a stretch of blocks. */
  private static double run(MasteringChain chain, double[][] buf, long[] pos, int blocks) {
    double largest = 0;
    double previous = Double.NaN;
    for (int b = 0; b < blocks; b++) {
      for (int i = 0; i < BLOCK; i++) {
        double v = 0.25 * Math.sin(2 * Math.PI * HZ * (pos[0] + i) / RATE);
        buf[0][i] = v;
        buf[1][i] = v;
      }
      pos[0] += BLOCK;
      chain.process(buf, BLOCK);
      for (int i = 0; i < BLOCK; i++) {
        if (!Double.isNaN(previous)) {
          largest = Math.max(largest, Math.abs(buf[0][i] - previous));
        }
        previous = buf[0][i];
      }
    }
    return largest;
  }

  @ParameterizedTest
  @MethodSource("parameters")
  void steppingFromMinimumToMaximumDoesNotClick(String id) {
    MasteringChain chain = StandardChain.create();
    // Switch on the modules whose continuous parameters would otherwise act on nothing.
    chain.set("hpf.slope", 2);
    chain.set("lpf.slope", 2);
    chain.set("limiter.bypass", 1);
    ParamSpec spec = chain.spec(id);
    chain.set(id, spec.min());
    chain.prepare(new ProcessSpec(RATE, BLOCK, 2));
    chain.setTimeline(-1);
    double[][] buf = new double[2][BLOCK];
    long[] pos = {0};
    run(chain, buf, pos, 200); // settle at the minimum
    double before = run(chain, buf, pos, 40);
    chain.set(id, spec.max());
    double during = run(chain, buf, pos, 400); // the step and 2 s after it
    double after = run(chain, buf, pos, 40);
    double steady = Math.max(before, after);
    // The tone's own largest step at the louder setting, plus 25 % for the ramp's slope.
    assertTrue(
        during <= 1.25 * steady + 1e-6,
        id + ": largest step " + during + " vs steady " + before + " / " + after);
  }
}
