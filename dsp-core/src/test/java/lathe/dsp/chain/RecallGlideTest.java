package lathe.dsp.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import lathe.dsp.ProcessSpec;
import lathe.dsp.gain.TrimModule;
import org.junit.jupiter.api.Test;

/** Checks that a recalled state glides in over its stated time instead of jumping. */
class RecallGlideTest {
  private static final double RATE = 48000;
  private static final int BLOCK = 64;

  /** Runs a mono trim chain on a constant 0.1 and returns the output. */
  private static double[] run(MasteringChain chain, int frames, Runnable atStart) {
    double[] out = new double[frames];
    double[][] x = {new double[BLOCK]};
    for (int off = 0; off < frames; off += BLOCK) {
      if (off == 0) {
        atStart.run();
      }
      java.util.Arrays.fill(x[0], 0.1);
      chain.process(x, BLOCK);
      System.arraycopy(x[0], 0, out, off, BLOCK);
    }
    return out;
  }

  private static MasteringChain trim() {
    MasteringChain chain = new MasteringChain(List.of(new TrimModule()));
    chain.prepare(new ProcessSpec(RATE, BLOCK, 1));
    return chain;
  }

  private static double largestStep(double[] y) {
    double largest = 0;
    for (int i = 1; i < y.length; i++) {
      largest = Math.max(largest, Math.abs(y[i] - y[i - 1]));
    }
    return largest;
  }

  @Test
  void aRecallGlidesOverFiftyMillisecondsWhereASetRampsOverTwenty() {
    double target = 0.1 * Math.pow(10, 12 / 20.0);
    int frames = (int) (0.2 * RATE);

    MasteringChain set = trim();
    double[] jumped = run(set, frames, () -> set.set("trim.gain", 12));
    MasteringChain recalled = trim();
    double[] glided =
        run(recalled, frames, () -> recalled.recall(Map.of("trim.gain", 12.0), 0.050));

    // Both land exactly on +12 dB once the glide (50 ms) and the trim's own 20 ms ramp are done.
    assertEquals(target, jumped[frames - 1], 1e-12);
    assertEquals(target, glided[frames - 1], 1e-12);
    // A plain set is there after its 20 ms ramp; the recall is still on its way at 25 ms ...
    int at25ms = (int) (0.025 * RATE);
    assertEquals(target, jumped[at25ms], 1e-12);
    assertTrue(glided[at25ms] > 0.1 * 1.2 && glided[at25ms] < target / 1.2, "" + glided[at25ms]);
    // ... and arrives within 50 ms plus the trim's ramp, plus a block of scheduling.
    int arrival = (int) ((0.050 + 0.020) * RATE) + BLOCK;
    assertEquals(target, glided[arrival], 1e-12);
    // The plain set's largest step is its 20 ms ramp, (target - 0.1) / 960; the glide spreads the
    // same change over at least 50 ms (2400 frames), so its steps are at most 960/2400 of that,
    // with a margin for the ramp that follows each block's new value.
    double rampStep = (target - 0.1) / 960;
    assertEquals(rampStep, largestStep(jumped), 1e-12);
    double glideStep = largestStep(glided);
    System.out.printf(
        "recall glide: largest sample step %.3e (plain set %.3e, input 0)%n", glideStep, rampStep);
    assertTrue(glideStep <= rampStep * 960 / 2400 * 1.25, "largest step " + glideStep);
    assertEquals(1, recalled.recallsApplied());
  }

  @Test
  void aKnobMovedDuringTheGlideWins() {
    MasteringChain chain = trim();
    double[][] y = {new double[BLOCK]};
    chain.recall(Map.of("trim.gain", 12.0), 0.050);
    double[] out = new double[(int) (0.2 * RATE)];
    for (int off = 0; off < out.length; off += BLOCK) {
      if (off == 8 * BLOCK) {
        chain.set("trim.gain", -6.0); // about 10 ms into the 50 ms glide
      }
      java.util.Arrays.fill(y[0], 0.1);
      chain.process(y, BLOCK);
      System.arraycopy(y[0], 0, out, off, BLOCK);
    }
    assertEquals(0.1 * Math.pow(10, -6 / 20.0), out[out.length - 1], 1e-12);
  }

  @Test
  void recallingADifferentSnapshotOnTheWholeChainNeverStepsFurtherThanTheMusicDoes() {
    MasteringChain chain = StandardChain.create();
    int block = 256;
    chain.prepare(new ProcessSpec(RATE, block, 2));
    chain.setTimeline(-1);
    Map<String, Double> other =
        Map.of(
            "trim.gain", 6.0,
            "eq.band2.gain", 6.0,
            "eq.band3.gain", -6.0,
            "stereo.width", 180.0,
            "stereo.balance", 20.0);
    // About one second of a 440 Hz tone at -12 dBFS, the snapshot recalled half-way.
    int frames = 188 * block;
    double[][] y = new double[2][frames];
    double[][] x = new double[2][block];
    for (int off = 0; off < frames; off += block) {
      if (off == frames / 2) {
        chain.recall(other, 0.050);
      }
      for (int i = 0; i < block; i++) {
        double t = (off + i) / RATE;
        x[0][i] = 0.25 * Math.sin(2 * Math.PI * 440 * t);
        x[1][i] = 0.25 * Math.sin(2 * Math.PI * 440 * t + 0.5);
      }
      chain.process(x, block);
      for (int c = 0; c < 2; c++) {
        System.arraycopy(x[c], 0, y[c], off, block);
      }
    }
    int settled = (int) (0.3 * RATE);
    int recall = frames / 2;
    int after = recall + (int) (0.3 * RATE);
    double before = 0;
    double during = 0;
    double later = 0;
    for (int c = 0; c < 2; c++) {
      for (int i = settled + 1; i < frames; i++) {
        double step = Math.abs(y[c][i] - y[c][i - 1]);
        if (i < recall) {
          before = Math.max(before, step);
        } else if (i < after) {
          during = Math.max(during, step);
        } else {
          later = Math.max(later, step);
        }
      }
    }
    System.out.printf(
        "whole-chain recall: largest step before %.4f, during the glide %.4f, after %.4f%n",
        before, during, later);
    assertTrue(later > 1.5 * before, "the snapshot is louder: " + before + " -> " + later);
    // The glide morphs between the two sounds: no step larger than the louder one's own.
    assertTrue(during <= 1.02 * Math.max(before, later), "step during the glide " + during);
  }

  @Test
  void unknownIdsAreRefusedBeforeAnythingMoves() {
    MasteringChain chain = trim();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> chain.recall(Map.of("trim.gain", 3.0, "no.such", 1.0), 0.05));
    assertTrue(e.getMessage().contains("no.such"), e.getMessage());
    assertEquals(0.0, chain.get("trim.gain"));
  }
}
