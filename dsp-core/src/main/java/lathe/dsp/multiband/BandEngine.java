package lathe.dsp.multiband;

import lathe.dsp.dynamics.GainComputer;

/**
 * Runs one configuration of the multiband compressor: a band count (0 for none, leaving the audio
 * untouched), stereo-linked or mid/side detection, its crossover tree and its band envelopes.
 *
 * <p>Each band's envelope is the gain computer's output smoothed in dB by a branching one-pole
 * filter: the attack coefficient while the reduction grows, the release coefficient while it
 * shrinks (the smooth decoupled detector of the gain computer's reference).
 */
final class BandEngine {
  // An envelope closer to 0 dB than this (a factor of 1 - 1.2e-7) is snapped to exactly 0 dB.
  private static final double ENVELOPE_SNAP_DB = 1e-6;

  private final CrossoverTree tree;
  private final int channels;
  private final double[][] envelopeDb = new double[MultibandCompressor.MAX_BANDS][2];
  private final double[] work = new double[MultibandCompressor.UPDATE_FRAMES];
  private int bands;
  private boolean midSide;

  BandEngine(int channels) {
    this.channels = channels;
    this.tree = new CrossoverTree(channels);
  }

  /** Sets the band count (0 for none) and the detection; mid/side needs two channels. */
  void configure(int bandCount, boolean midSideDetection) {
    bands = bandCount;
    midSide = bandCount > 0 && midSideDetection && channels == 2;
    if (bandCount > 0) {
      tree.setBands(bandCount);
    }
  }

  int bands() {
    return bands;
  }

  boolean midSide() {
    return midSide;
  }

  /** Designs the crossovers from the requested frequencies, ordered for this band count. */
  void design(double[] requestedHertz, double sampleRate, double[] scratch) {
    if (bands == 0) {
      return;
    }
    MultibandCompressor.orderCrossovers(requestedHertz, bands, sampleRate, scratch);
    tree.design(scratch, sampleRate);
  }

  /**
   * Processes {@code x[..][from..to)} in place, reading per-frame controls from index 0.
   *
   * @param split scratch, {@code [channel][band][frame]}, at least {@code to - from} frames long
   */
  void process(double[][] x, int from, int to, BandControls[] controls, double[][][] split) {
    if (bands == 0) {
      return;
    }
    int len = to - from;
    if (midSide) {
      double[] l = x[0];
      double[] r = x[1];
      for (int i = from; i < to; i++) {
        double m = 0.5 * (l[i] + r[i]);
        double s = 0.5 * (l[i] - r[i]);
        l[i] = m;
        r[i] = s;
      }
    }
    if (channels == 2) {
      tree.splitStereo(x[0], x[1], from, to, split[0], split[1]);
    } else {
      tree.split(x[0], from, to, 0, split[0]);
    }
    // The sum starts from 0.0 (the first band adds itself to an explicit 0.0, which is not the same
    // as a plain store for a product of -0.0) so that it matches adding every band to a cleared
    // buffer.
    for (int b = 0; b < bands; b++) {
      BandControls k = controls[b];
      boolean first = b == 0;
      if (midSide || channels == 1) {
        for (int c = 0; c < channels; c++) {
          double[] in = split[c][b];
          double[] out = x[c];
          for (int i = 0; i < len; i++) {
            work[i] = Math.abs(in[i]);
          }
          envelopeDb[b][c] = gains(k, len, envelopeDb[b][c]);
          if (first) {
            for (int i = 0; i < len; i++) {
              out[from + i] = 0.0 + in[i] * work[i];
            }
          } else {
            for (int i = 0; i < len; i++) {
              out[from + i] += in[i] * work[i];
            }
          }
        }
      } else {
        double[] in0 = split[0][b];
        double[] in1 = split[1][b];
        double[] out0 = x[0];
        double[] out1 = x[1];
        for (int i = 0; i < len; i++) {
          work[i] = Math.max(Math.abs(in0[i]), Math.abs(in1[i]));
        }
        envelopeDb[b][0] = gains(k, len, envelopeDb[b][0]);
        if (first) {
          for (int i = 0; i < len; i++) {
            double g = work[i];
            out0[from + i] = 0.0 + in0[i] * g;
            out1[from + i] = 0.0 + in1[i] * g;
          }
        } else {
          for (int i = 0; i < len; i++) {
            double g = work[i];
            out0[from + i] += in0[i] * g;
            out1[from + i] += in1[i] * g;
          }
        }
      }
    }
    if (midSide) {
      double[] m = x[0];
      double[] s = x[1];
      for (int i = from; i < to; i++) {
        double l = m[i] + s[i];
        double r = m[i] - s[i];
        m[i] = l;
        s[i] = r;
      }
    }
  }

  /**
   * Turns the levels in {@code work[0..len)} into the band's gains, in place, and returns the
   * envelope after the last frame. The gain computer and the exponential do not depend on the
   * envelope, so they run in their own loops and only the one-pole recursion is serial.
   */
  private double gains(BandControls k, int len, double envelope) {
    if (k.steadyCurve) {
      double kneeStart = k.steadyKneeStart;
      double threshold = k.steadyThreshold;
      double slope = k.steadySlope;
      double knee = k.steadyKnee;
      for (int i = 0; i < len; i++) {
        double level = work[i];
        work[i] =
            level > kneeStart
                ? GainComputer.gainDbForSlope(DecibelMath.levelDb(level), threshold, slope, knee)
                : 0.0;
      }
    } else {
      for (int i = 0; i < len; i++) {
        double level = work[i];
        work[i] =
            level > k.kneeStart[i]
                ? GainComputer.gainDbForSlope(
                    DecibelMath.levelDb(level), k.threshold[i], k.slope[i], k.knee[i])
                : 0.0;
      }
    }
    double attack = k.attackCoefficient;
    double release = k.releaseCoefficient;
    double e = envelope;
    for (int i = 0; i < len; i++) {
      double target = work[i];
      e = target + (target < e ? attack : release) * (e - target);
      work[i] = e;
    }
    // DecibelMath.gain(0) is exactly 1, so an envelope at rest needs no test of its own.
    if (k.steadyMix) {
      double heard = k.steadyHeard;
      double bypassed = k.steadyBypassed;
      double scale = k.steadyScale;
      for (int i = 0; i < len; i++) {
        work[i] = heard * (bypassed + scale * DecibelMath.gain(work[i]));
      }
    } else {
      for (int i = 0; i < len; i++) {
        double compressed = DecibelMath.gain(work[i]);
        double bypassed = k.bypassed[i];
        work[i] = k.heard[i] * (bypassed + (1.0 - bypassed) * k.makeupGain[i] * compressed);
      }
    }
    return e;
  }

  /** Returns the largest reduction among the bands not bypassed, in positive dB. */
  double gainReductionDb(BandControls[] controls) {
    double most = 0.0;
    for (int b = 0; b < bands; b++) {
      if (!controls[b].bypass) {
        for (double e : envelopeDb[b]) {
          most = Math.max(most, -e);
        }
      }
    }
    return most;
  }

  /** Tells whether the envelope of every band not fully bypassed rests at 0 dB. */
  boolean envelopesAtRest(BandControls[] controls) {
    for (int b = 0; b < bands; b++) {
      if (controls[b].isFullyBypassed()) {
        continue;
      }
      for (double e : envelopeDb[b]) {
        if (e != 0.0) {
          return false;
        }
      }
    }
    return true;
  }

  /** Snaps tiny filter state and envelopes near 0 dB to zero. */
  void snapDenormals() {
    if (bands == 0) {
      return; // reset before it was emptied, and nothing has run since
    }
    tree.snapDenormals();
    for (double[] band : envelopeDb) {
      for (int c = 0; c < band.length; c++) {
        if (!(Math.abs(band[c]) >= ENVELOPE_SNAP_DB)) {
          band[c] = 0.0;
        }
      }
    }
  }

  /** Tells whether the filters hold no state at all. */
  boolean isSilent() {
    return tree.isSilent();
  }

  /** Clears filter state and envelopes. */
  void reset() {
    tree.reset();
    for (double[] band : envelopeDb) {
      java.util.Arrays.fill(band, 0.0);
    }
  }
}
