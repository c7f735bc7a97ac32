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
  // One row per detector (band, or band and channel when the channels are detected apart), by
  // block index: the detected levels, then the curve's targets, the envelopes and the gains.
  private final double[][] work;
  private final double[] levelDb;
  private final double[] mantissas;
  private final long[] bits;
  // Frames [pendingFrom, pendingTo) of the block are split and followed, and await their gains.
  private int pendingFrom = -1;
  private int pendingTo;
  // The start of each pending segment; every start after the first is a grid point.
  private final int[] segmentStarts;
  private int segments;
  private int bands;
  private boolean midSide;

  BandEngine(int channels, int maxFrames) {
    this.channels = channels;
    this.tree = new CrossoverTree(channels, maxFrames);
    work = new double[2 * MultibandCompressor.MAX_BANDS][maxFrames];
    levelDb = new double[maxFrames];
    mantissas = new double[maxFrames];
    bits = new long[maxFrames];
    segmentStarts = new int[maxFrames / MultibandCompressor.UPDATE_FRAMES + 2];
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
   * @param split scratch, {@code [channel][band][frame]}, at least {@code to} frames long
   */
  void process(double[][] x, int from, int to, BandControls[] controls, double[][][] split) {
    follow(x, from, to, split);
    applyPending(x, controls, split);
  }

  /**
   * Splits {@code x[..][from..to)}, one grid segment following those already pending, leaving the
   * band signals in {@code split}; {@link #applyPending} then follows, compresses and sums them.
   *
   * <p>Only the crossovers must run segment by segment, as their state is snapped at every grid
   * point; the detection, the gain computer, the envelopes (snapped at the same grid points as they
   * go) and the gains wait so that their logarithms, exponentials and sums run in long loops, which
   * the compiler turns into vector instructions. They read the bands' settings when they run, so
   * frames may wait only while those hold still ({@link BandControls#steadyCurve} and {@link
   * BandControls#steadyMix}) and the envelope times do not change.
   */
  void follow(double[][] x, int from, int to, double[][][] split) {
    if (bands == 0 || to == from) {
      return;
    }
    if (pendingFrom < 0) {
      pendingFrom = from;
      segments = 0;
    }
    pendingTo = to;
    segmentStarts[segments++] = from;
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
      tree.splitStereo(x[0], x[1], from, to, split[0], split[1], from);
    } else {
      tree.split(x[0], from, to, 0, split[0], from);
    }
  }

  /** Tells whether split frames wait for {@link #applyPending}. */
  boolean hasPending() {
    return pendingFrom >= 0;
  }

  /**
   * Follows, compresses and sums the bands of the pending frames, which {@link #follow} split, and
   * writes the result to {@code x}; the per-frame controls of a gliding setting are read from index
   * 0, for a single pending segment.
   */
  void applyPending(double[][] x, BandControls[] controls, double[][][] split) {
    if (pendingFrom < 0) {
      return;
    }
    int from = pendingFrom;
    int to = pendingTo;
    pendingFrom = -1;
    boolean apart = midSide || channels == 1;
    int detectors = apart ? channels : 1;
    for (int b = 0; b < bands; b++) {
      BandControls k = controls[b];
      if (apart) {
        for (int c = 0; c < channels; c++) {
          double[] in = split[c][b];
          double[] w = work[b * detectors + c];
          for (int i = from; i < to; i++) {
            w[i] = Math.abs(in[i]);
          }
          targets(k, w, from, to);
        }
      } else {
        double[] in0 = split[0][b];
        double[] in1 = split[1][b];
        double[] w = work[b];
        for (int i = from; i < to; i++) {
          w[i] = Math.max(Math.abs(in0[i]), Math.abs(in1[i]));
        }
        targets(k, w, from, to);
      }
    }
    // The envelopes run segment by segment, snapped at each grid point between two segments as
    // the grid would have snapped them.
    int rows = bands * detectors;
    for (int n = 0; n < segments; n++) {
      if (n > 0) {
        snapEnvelopes();
      }
      int start = segmentStarts[n];
      int end = n + 1 < segments ? segmentStarts[n + 1] : to;
      // The recursions run up to four at a time so that their latencies overlap.
      int row = 0;
      for (; row + 3 < rows; row += 4) {
        envelopeGroup(controls, row, detectors, start, end);
      }
      if (rows - row == 3) {
        envelopeTriple(controls, row, detectors, start, end);
        row += 3;
      }
      for (; row + 1 < rows; row += 2) {
        envelopes(controls, row, row + 1, detectors, start, end);
      }
      if (row < rows) {
        envelope(controls, row, detectors, start, end);
      }
    }
    // The sum starts from 0.0 (the first band adds itself to an explicit 0.0, which is not the same
    // as a plain store for a product of -0.0) so that it matches adding every band to a cleared
    // buffer.
    for (int b = 0; b < bands; b++) {
      BandControls k = controls[b];
      boolean first = b == 0;
      if (apart) {
        for (int c = 0; c < channels; c++) {
          double[] in = split[c][b];
          double[] out = x[c];
          double[] w = work[b * detectors + c];
          gains(k, w, from, to);
          if (first) {
            for (int i = from; i < to; i++) {
              out[i] = 0.0 + in[i] * w[i];
            }
          } else {
            for (int i = from; i < to; i++) {
              out[i] += in[i] * w[i];
            }
          }
        }
      } else {
        double[] in0 = split[0][b];
        double[] in1 = split[1][b];
        double[] out0 = x[0];
        double[] out1 = x[1];
        double[] w = work[b];
        gains(k, w, from, to);
        if (first) {
          for (int i = from; i < to; i++) {
            double g = w[i];
            out0[i] = 0.0 + in0[i] * g;
            out1[i] = 0.0 + in1[i] * g;
          }
        } else {
          for (int i = from; i < to; i++) {
            double g = w[i];
            out0[i] += in0[i] * g;
            out1[i] += in1[i] * g;
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
   * Turns the levels in {@code w[from..to)} into the gain computer's output in dB, in place; the
   * per-frame controls of a gliding curve are read from index 0.
   *
   * <p>The logarithm runs over the whole row first, in vector loops ({@link DecibelMath#levelsDb});
   * a level at or under the knee's start then gives exactly 0 dB. A steady curve runs over the row
   * at once ({@link GainComputer#curveRowAboveKnee}, in vector lanes where it can).
   */
  private void targets(BandControls k, double[] w, int from, int to) {
    double[] db = levelDb;
    DecibelMath.levelsDb(w, db, from, to, bits, mantissas);
    if (k.steadyCurve) {
      double slope = k.steadySlope;
      double knee = k.steadyKnee;
      GainComputer.curveRowAboveKnee(
          w,
          db,
          w,
          from,
          to,
          k.steadyKneeStart,
          k.steadyThreshold,
          slope,
          knee,
          GainComputer.kneeScaleOf(slope, knee));
    } else {
      for (int i = from; i < to; i++) {
        int j = i - from;
        w[i] =
            w[i] > k.kneeStart[j]
                ? GainComputer.gainDbForSlope(db[i], k.threshold[j], k.slope[j], k.knee[j])
                : 0.0;
      }
    }
  }

  /**
   * Smooths the targets of the four detector rows from {@code first} on into their envelopes in one
   * loop, in place, keeping each row's envelope after the last frame.
   */
  private void envelopeGroup(BandControls[] controls, int first, int detectors, int from, int to) {
    BandControls ka = controls[first / detectors];
    BandControls kb = controls[(first + 1) / detectors];
    BandControls kc = controls[(first + 2) / detectors];
    BandControls kd = controls[(first + 3) / detectors];
    double attackA = ka.attackCoefficient;
    double releaseA = ka.releaseCoefficient;
    double attackB = kb.attackCoefficient;
    double releaseB = kb.releaseCoefficient;
    double attackC = kc.attackCoefficient;
    double releaseC = kc.releaseCoefficient;
    double attackD = kd.attackCoefficient;
    double releaseD = kd.releaseCoefficient;
    double[] wa = work[first];
    double[] wb = work[first + 1];
    double[] wc = work[first + 2];
    double[] wd = work[first + 3];
    double ea = envelopeDb[first / detectors][first % detectors];
    double eb = envelopeDb[(first + 1) / detectors][(first + 1) % detectors];
    double ec = envelopeDb[(first + 2) / detectors][(first + 2) % detectors];
    double ed = envelopeDb[(first + 3) / detectors][(first + 3) % detectors];
    for (int i = from; i < to; i++) {
      double ta = wa[i];
      double tb = wb[i];
      double tc = wc[i];
      double td = wd[i];
      ea = ta + (ta < ea ? attackA : releaseA) * (ea - ta);
      eb = tb + (tb < eb ? attackB : releaseB) * (eb - tb);
      ec = tc + (tc < ec ? attackC : releaseC) * (ec - tc);
      ed = td + (td < ed ? attackD : releaseD) * (ed - td);
      wa[i] = ea;
      wb[i] = eb;
      wc[i] = ec;
      wd[i] = ed;
    }
    envelopeDb[first / detectors][first % detectors] = ea;
    envelopeDb[(first + 1) / detectors][(first + 1) % detectors] = eb;
    envelopeDb[(first + 2) / detectors][(first + 2) % detectors] = ec;
    envelopeDb[(first + 3) / detectors][(first + 3) % detectors] = ed;
  }

  /**
   * Smooths the targets of the three detector rows from {@code first} on (three stereo-linked
   * bands, the default) as {@link #envelopeGroup} does four: a loop of its own rather than a fourth
   * recursion on a spare row, which cost the whole multiband a few percent.
   */
  private void envelopeTriple(BandControls[] controls, int first, int detectors, int from, int to) {
    BandControls ka = controls[first / detectors];
    BandControls kb = controls[(first + 1) / detectors];
    BandControls kc = controls[(first + 2) / detectors];
    double attackA = ka.attackCoefficient;
    double releaseA = ka.releaseCoefficient;
    double attackB = kb.attackCoefficient;
    double releaseB = kb.releaseCoefficient;
    double attackC = kc.attackCoefficient;
    double releaseC = kc.releaseCoefficient;
    double[] wa = work[first];
    double[] wb = work[first + 1];
    double[] wc = work[first + 2];
    double ea = envelopeDb[first / detectors][first % detectors];
    double eb = envelopeDb[(first + 1) / detectors][(first + 1) % detectors];
    double ec = envelopeDb[(first + 2) / detectors][(first + 2) % detectors];
    for (int i = from; i < to; i++) {
      double ta = wa[i];
      double tb = wb[i];
      double tc = wc[i];
      ea = ta + (ta < ea ? attackA : releaseA) * (ea - ta);
      eb = tb + (tb < eb ? attackB : releaseB) * (eb - tb);
      ec = tc + (tc < ec ? attackC : releaseC) * (ec - tc);
      wa[i] = ea;
      wb[i] = eb;
      wc[i] = ec;
    }
    envelopeDb[first / detectors][first % detectors] = ea;
    envelopeDb[(first + 1) / detectors][(first + 1) % detectors] = eb;
    envelopeDb[(first + 2) / detectors][(first + 2) % detectors] = ec;
  }

  /**
   * Smooths the targets of detector rows {@code a} and {@code b} into their envelopes in one loop,
   * in place, keeping each row's envelope after the last frame.
   */
  private void envelopes(BandControls[] controls, int a, int b, int detectors, int from, int to) {
    BandControls ka = controls[a / detectors];
    BandControls kb = controls[b / detectors];
    double attackA = ka.attackCoefficient;
    double releaseA = ka.releaseCoefficient;
    double attackB = kb.attackCoefficient;
    double releaseB = kb.releaseCoefficient;
    double[] wa = work[a];
    double[] wb = work[b];
    double ea = envelopeDb[a / detectors][a % detectors];
    double eb = envelopeDb[b / detectors][b % detectors];
    for (int i = from; i < to; i++) {
      double ta = wa[i];
      double tb = wb[i];
      ea = ta + (ta < ea ? attackA : releaseA) * (ea - ta);
      eb = tb + (tb < eb ? attackB : releaseB) * (eb - tb);
      wa[i] = ea;
      wb[i] = eb;
    }
    envelopeDb[a / detectors][a % detectors] = ea;
    envelopeDb[b / detectors][b % detectors] = eb;
  }

  /** Smooths the targets of detector row {@code a} into its envelope, in place. */
  private void envelope(BandControls[] controls, int a, int detectors, int from, int to) {
    BandControls k = controls[a / detectors];
    double attack = k.attackCoefficient;
    double release = k.releaseCoefficient;
    double[] w = work[a];
    double e = envelopeDb[a / detectors][a % detectors];
    for (int i = from; i < to; i++) {
      double target = w[i];
      e = target + (target < e ? attack : release) * (e - target);
      w[i] = e;
    }
    envelopeDb[a / detectors][a % detectors] = e;
  }

  /**
   * Turns the envelopes in {@code w[from..to)}, in dB, into the band's linear gains, in place; the
   * per-frame controls of a gliding mix are read from index 0.
   */
  private void gains(BandControls k, double[] w, int from, int to) {
    // The exponential runs over the whole row first, in vector loops; DecibelMath.gain(0) is
    // exactly 1, so an envelope at rest needs no test of its own.
    DecibelMath.gains(w, w, from, to, bits);
    if (k.steadyMix && k.steadyHeard == 1.0 && k.steadyBypassed == 0.0) {
      // heard * (bypassed + v) is exactly v here, v = scale * gain being +0 or positive.
      double scale = k.steadyScale;
      for (int i = from; i < to; i++) {
        w[i] = scale * w[i];
      }
    } else if (k.steadyMix) {
      double heard = k.steadyHeard;
      double bypassed = k.steadyBypassed;
      double scale = k.steadyScale;
      for (int i = from; i < to; i++) {
        w[i] = heard * (bypassed + scale * w[i]);
      }
    } else {
      for (int i = from; i < to; i++) {
        int j = i - from;
        double bypassed = k.bypassed[j];
        w[i] = k.heard[j] * (bypassed + (1.0 - bypassed) * k.makeupGain[j] * w[i]);
      }
    }
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

  /**
   * Snaps tiny filter state and envelopes near 0 dB to zero; envelopes that pending frames have yet
   * to advance are snapped by {@link #applyPending} when it gets there.
   */
  void snapDenormals() {
    if (bands == 0) {
      return; // reset before it was emptied, and nothing has run since
    }
    tree.snapDenormals();
    if (pendingFrom < 0) {
      snapEnvelopes();
    }
  }

  private void snapEnvelopes() {
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
    pendingFrom = -1;
    tree.reset();
    for (double[] band : envelopeDb) {
      java.util.Arrays.fill(band, 0.0);
    }
  }
}
