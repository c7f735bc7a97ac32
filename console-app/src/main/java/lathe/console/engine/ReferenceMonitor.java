package lathe.console.engine;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Random;
import lathe.console.analysis.LoudnessStats;
import lathe.console.analysis.ProgramAnalyzer;
import lathe.console.audio.file.AudioFileException;
import lathe.console.engine.stream.FilePlayer;
import lathe.console.session.Session.MatchMode;
import lathe.dsp.meter.LoudnessMeter;

/**
 * Switches what the engineer hears between the master and a reference track at matched loudness, so
 * the louder one never wins by being louder (reference A/B).
 *
 * <p>The engine calls {@link #process} on the audio thread after the meters and the print, so the
 * print and the meters always carry the master; only the monitor output changes. The reference
 * plays from its own looping source all the time, heard or not, so a switch is instant and both
 * loudnesses are always known. Two K-weighted {@link LoudnessMeter}s (ITU-R BS.1770-4) measure the
 * master after the chain and the unprocessed reference. Every 100 ms the gain for the reference is
 * set to the master's loudness minus the reference's:
 *
 * <ul>
 *   <li>{@link MatchMode#SHORT_TERM}: both short-term loudnesses (EBU R128, last 3 s), so the match
 *       follows the music;
 *   <li>{@link MatchMode#INTEGRATED}: the master's gated integrated loudness since the monitor
 *       started (or since {@link #restartIntegration}) against the reference's integrated loudness
 *       over its whole file, measured once when it is loaded.
 * </ul>
 *
 * <p>The gain is clamped to &plusmn;{@value #MAX_GAIN_DB} dB and never boosts the reference's true
 * peak (measured over the whole file at load) above 0 dBTP; a match that the clamp or the headroom
 * cuts short is reported by {@link #limitedLu}, never hidden. While the reference is not heard the
 * gain jumps straight to its target (nothing to hear pump); while it is heard the gain follows a
 * one-pole smoother in decibels with a {@value #GAIN_TIME_CONSTANT_SECONDS} s time constant, so the
 * 100 ms updates of a 3 s measurement never pump. Until both loudnesses are known (3 s of audio for
 * short-term, 400 ms of master for integrated) the gain stays at its last value, 0 dB at first.
 *
 * <p>Switching is a linear (equal-gain) crossfade of {@value #FADE_MILLIS} ms, so it never clicks;
 * a switch during a fade turns it round from where it is. While the master alone is heard its
 * samples pass bit-exact.
 *
 * <p>Threads: the control thread calls the setters; the audio thread reads them from volatile
 * fields and publishes the readings through volatile fields, so neither ever waits. The audio path
 * allocates nothing, and this class holds no string constants (HotSpot resolves a class's string
 * constants on the thread that first queues one of its methods for compilation, which could be the
 * audio thread).
 */
public final class ReferenceMonitor implements AutoCloseable {
  /** Largest gain, up or down, applied to the reference, in decibels. */
  public static final double MAX_GAIN_DB = 24.0;

  /** Time constant of the gain smoother while the reference is heard, in seconds. */
  public static final double GAIN_TIME_CONSTANT_SECONDS = 1.0;

  /** Length of the crossfade between master and reference, in milliseconds. */
  public static final double FADE_MILLIS = 15.0;

  /** Seconds between two updates of the gain's target. */
  static final double UPDATE_SECONDS = 0.1;

  private final LiveSource reference;
  private final FilePlayer player;
  private final Path path;
  private final double sampleRate;
  private final int maxBlock;
  private final double referenceIntegratedLufs;
  private final double boostLimitDb;
  private final double fadeStep;
  private final int updateFrames;
  private final double[][] ref;
  private final LoudnessMeter masterMeter;
  private final LoudnessMeter referenceMeter;

  // Written by the control thread.
  private volatile boolean active;
  private volatile MatchMode mode;
  private volatile long restartRequests;

  // Published by the audio thread.
  private volatile double masterLufs = Double.NEGATIVE_INFINITY;
  private volatile double referenceLufs = Double.NEGATIVE_INFINITY;
  private volatile double offsetLu = Double.NaN;
  private volatile double limitedLu;
  private volatile double gainDb;
  private volatile double heard;

  // Audio thread only.
  private long restartsSeen;
  private int framesToUpdate;
  private double targetDb;
  private double smoothDb;
  private double gain = 1.0;
  private double fade;

  /**
   * Creates a monitor around a reference source that the caller keeps playing; for tests and for
   * sources other than files.
   *
   * @param reference the reference's frames, read on the audio thread every block
   * @param path the reference's file, for display (may be null)
   * @param sampleRate the engine's rate, in hertz
   * @param maxBlock the largest block {@link #process} is given, in frames
   * @param mode how loudness is matched
   * @param referenceIntegratedLufs the reference's integrated loudness over its whole length, or
   *     NaN to use what its meter has heard so far
   * @param referenceTruePeakDbtp the reference's largest true peak, or NaN when unknown (then only
   *     the {@value #MAX_GAIN_DB} dB clamp limits a boost)
   */
  public ReferenceMonitor(
      LiveSource reference,
      Path path,
      double sampleRate,
      int maxBlock,
      MatchMode mode,
      double referenceIntegratedLufs,
      double referenceTruePeakDbtp) {
    this(
        reference,
        null,
        path,
        sampleRate,
        maxBlock,
        mode,
        referenceIntegratedLufs,
        referenceTruePeakDbtp);
  }

  private ReferenceMonitor(
      LiveSource reference,
      FilePlayer player,
      Path path,
      double sampleRate,
      int maxBlock,
      MatchMode mode,
      double referenceIntegratedLufs,
      double referenceTruePeakDbtp) {
    this.reference = Objects.requireNonNull(reference);
    this.player = player;
    this.path = path;
    this.mode = Objects.requireNonNull(mode);
    this.sampleRate = sampleRate;
    this.maxBlock = maxBlock;
    this.referenceIntegratedLufs = referenceIntegratedLufs;
    this.boostLimitDb =
        Double.isFinite(referenceTruePeakDbtp)
            ? Math.min(MAX_GAIN_DB, Math.max(0.0, -referenceTruePeakDbtp))
            : MAX_GAIN_DB;
    this.fadeStep = 1.0 / Math.max(1.0, FADE_MILLIS * 1e-3 * sampleRate);
    this.updateFrames = Math.max(1, (int) Math.round(UPDATE_SECONDS * sampleRate));
    this.framesToUpdate = updateFrames;
    this.ref = new double[2][maxBlock];
    this.masterMeter = new LoudnessMeter(2, sampleRate);
    this.referenceMeter = new LoudnessMeter(2, sampleRate);
  }

  /**
   * Loads a reference file: opens it in a looping {@link FilePlayer}, measures its integrated
   * loudness and true peak over the whole file (a second or two for a long track), then starts it
   * playing, not heard.
   *
   * @param sampleRate the engine's rate, in hertz; a file at another rate is converted as it is
   *     read
   * @param maxBlock the largest block the engine processes, in frames
   * @throws AudioFileException if the file is missing, unreadable, not audio, has more than two
   *     channels or a rate that cannot be converted, with a one-line message naming it
   */
  public static ReferenceMonitor open(Path file, double sampleRate, int maxBlock, MatchMode mode)
      throws AudioFileException {
    // Converts the file's rate as it reads; refuses more than two channels.
    FilePlayer player = FilePlayer.open(file, sampleRate, maxBlock);
    LoudnessStats whole;
    try {
      whole = ProgramAnalyzer.analyze(file);
    } catch (AudioFileException | RuntimeException e) {
      player.close();
      throw e;
    }
    player.setLoop(true);
    player.play();
    return new ReferenceMonitor(
        player::read,
        player,
        file,
        sampleRate,
        maxBlock,
        mode,
        whole.integratedLufs() == null ? Double.NaN : whole.integratedLufs(),
        whole.truePeakDbtp() == null ? Double.NaN : whole.truePeakDbtp());
  }

  /**
   * Runs a throw-away monitor on noise for {@code blocks} blocks, switching and changing mode, so
   * that its audio path is compiled before the device starts (call it on the control thread).
   */
  public static void warmUp(double sampleRate, int blockFrames, int blocks) {
    Random random = new Random(7);
    double[][] noise = new double[2][blockFrames];
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < blockFrames; i++) {
        noise[c][i] = 0.1 * random.nextGaussian();
      }
    }
    LiveSource source =
        (dest, frames) -> {
          for (int c = 0; c < 2; c++) {
            for (int i = 0; i < frames; i++) {
              dest[c][i] = 0.5 * noise[1 - c][i];
            }
          }
          return frames;
        };
    ReferenceMonitor m =
        new ReferenceMonitor(source, null, sampleRate, blockFrames, MatchMode.SHORT_TERM, -20, -6);
    double[][] block = new double[2][blockFrames];
    for (int b = 0; b < blocks; b++) {
      if (b % 97 == 0) {
        m.toggle();
      }
      if (b % 1013 == 0) {
        m.setMode(b % 2 == 0 ? MatchMode.INTEGRATED : MatchMode.SHORT_TERM);
      }
      for (int c = 0; c < 2; c++) {
        System.arraycopy(noise[c], 0, block[c], 0, blockFrames);
      }
      m.process(block, blockFrames);
    }
  }

  /**
   * Feeds the monitor one block of master (after the chain, meters and print) and replaces it in
   * place with what is heard (audio thread; never allocates, locks or blocks).
   *
   * @param master {@code master[0..1][0..frames)}
   * @param frames at most the {@code maxBlock} given at construction
   */
  public void process(double[][] master, int frames) {
    if (frames <= 0 || frames > maxBlock) {
      return;
    }
    double[][] r = ref;
    int got = Math.max(0, Math.min(frames, reference.read(r, frames)));
    for (int c = 0; c < 2; c++) {
      for (int i = got; i < frames; i++) {
        r[c][i] = 0.0;
      }
    }
    long restarts = restartRequests;
    if (restarts != restartsSeen) {
      restartsSeen = restarts;
      masterMeter.reset();
    }
    masterMeter.addFrames(master, frames);
    referenceMeter.addFrames(r, frames);
    framesToUpdate -= frames;
    if (framesToUpdate <= 0) {
      framesToUpdate += updateFrames;
      updateTarget();
    }

    double want = active ? 1.0 : 0.0;
    double x = fade;
    if (x == 0.0 && want == 0.0) {
      // Master alone: nothing to hear pump, so the gain sits on its target; samples untouched.
      smoothDb = targetDb;
      gain = dbToGain(smoothDb);
      publishGain();
      return;
    }
    double coefficient = Math.exp(-frames / (GAIN_TIME_CONSTANT_SECONDS * sampleRate));
    smoothDb = targetDb + (smoothDb - targetDb) * coefficient;
    double g0 = gain;
    double g1 = dbToGain(smoothDb);
    double gStep = (g1 - g0) / frames;
    double[] m0 = master[0];
    double[] m1 = master[1];
    double[] r0 = r[0];
    double[] r1 = r[1];
    double step = fadeStep;
    for (int i = 0; i < frames; i++) {
      if (x < want) {
        x = Math.min(want, x + step);
      } else if (x > want) {
        x = Math.max(want, x - step);
      }
      double g = g0 + gStep * (i + 1);
      double keep = 1.0 - x;
      double take = x * g;
      m0[i] = keep * m0[i] + take * r0[i];
      m1[i] = keep * m1[i] + take * r1[i];
    }
    fade = x;
    gain = g1;
    publishGain();
  }

  private void publishGain() {
    gainDb = smoothDb;
    heard = fade;
  }

  /** Sets the gain's target from the two loudnesses of the current mode (audio thread). */
  private void updateTarget() {
    double master;
    double reference;
    if (mode == MatchMode.INTEGRATED) {
      master = masterMeter.integratedLufs();
      reference =
          Double.isFinite(referenceIntegratedLufs)
              ? referenceIntegratedLufs
              : referenceMeter.integratedLufs();
    } else {
      master = masterMeter.shortTermLufs();
      reference = referenceMeter.shortTermLufs();
    }
    masterLufs = master;
    referenceLufs = reference;
    if (!Double.isFinite(master) || !Double.isFinite(reference)) {
      offsetLu = Double.NaN;
      return; // hold the last gain
    }
    double offset = master - reference;
    double applied = Math.max(-MAX_GAIN_DB, Math.min(boostLimitDb, offset));
    offsetLu = offset;
    limitedLu = offset - applied;
    targetDb = applied;
  }

  private static double dbToGain(double db) {
    return Math.pow(10.0, db / 20.0);
  }

  /** Makes the reference heard ({@code true}) or the master ({@code false}), with a crossfade. */
  public void setActive(boolean on) {
    active = on;
  }

  /** Switches between master and reference (control thread). */
  public void toggle() {
    active = !active;
  }

  /** Tells whether the reference is selected to be heard (the fade may still be running). */
  public boolean isActive() {
    return active;
  }

  /** Returns how much of the reference is heard now: 0 the master alone, 1 the reference alone. */
  public double heardFraction() {
    return heard;
  }

  /** Sets how loudness is matched; takes effect at the next 100 ms update. */
  public void setMode(MatchMode m) {
    mode = Objects.requireNonNull(m);
  }

  /** Returns how loudness is matched. */
  public MatchMode mode() {
    return mode;
  }

  /**
   * Starts the master's integrated measurement afresh (after the master changed a lot); its
   * short-term loudness is unknown again for 3 s, during which the gain holds.
   */
  public void restartIntegration() {
    restartRequests++;
  }

  /**
   * Returns the master's loudness minus the reference's in the current mode, in LU: the gain the
   * reference needs (negative: the reference is louder); NaN until both are measured.
   */
  public double offsetLu() {
    return offsetLu;
  }

  /** Returns the gain applied to the reference now, in dB (smoothed; equals the target at rest). */
  public double gainDb() {
    return gainDb;
  }

  /**
   * Returns how many LU the match falls short because the gain was clamped or would have pushed the
   * reference's true peak over 0 dBTP: positive when the reference is left quieter than the master.
   */
  public double limitedLu() {
    return limitedLu;
  }

  /** Returns the master's loudness in the current mode, in LUFS (negative infinity if unknown). */
  public double masterLufs() {
    return masterLufs;
  }

  /**
   * Returns the reference's loudness in the current mode before its gain, in LUFS (negative
   * infinity if unknown).
   */
  public double referenceLufs() {
    return referenceLufs;
  }

  /**
   * Returns the reference's integrated loudness over its whole file, in LUFS (NaN if not measured).
   */
  public double referenceIntegratedLufs() {
    return referenceIntegratedLufs;
  }

  /** Returns the reference's file, or null for a source that is not a file. */
  public Path referencePath() {
    return path;
  }

  /**
   * Returns how many blocks of the reference ran short because its file's read-ahead had not kept
   * up (0 for a source that is not a file).
   */
  public long underruns() {
    return player == null ? 0 : player.underruns();
  }

  /** Returns why the reference's file stopped being read, or null while healthy. */
  public String failure() {
    return player == null ? null : player.failure();
  }

  /** Stops the reference's player when this monitor opened it; detach it from the engine first. */
  @Override
  public void close() {
    if (player != null) {
      player.close();
    }
  }
}
