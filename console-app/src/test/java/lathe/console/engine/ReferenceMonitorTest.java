package lathe.console.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import lathe.console.audio.file.AudioFileException;
import lathe.console.master.DemoMix;
import lathe.console.session.Session.MatchMode;
import lathe.dsp.bench.BenchChains;
import lathe.dsp.meter.LoudnessMeter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceMonitorTest {
  private static final int RATE = 48000;
  private static final int BLOCK = 256;

  @TempDir static Path dir;

  private static double[][] master;
  private static Path quietReference;
  private static Path loudReference;
  private static double quietFileLufs;
  private static double loudFileLufs;

  @BeforeAll
  static void writeSignals() throws Exception {
    // The master's source: pink noise that the working chain brings to about -16 LUFS.
    master = ReferenceSignals.pink(1, 10 * RATE);
    ReferenceSignals.scaleTo(master, RATE, -31.5);
    // Two references of different loudness and spectrum, as real 24-bit WAV files.
    double[][] quiet = ReferenceSignals.pink(2, 10 * RATE);
    ReferenceSignals.scaleTo(quiet, RATE, -23);
    quietFileLufs = ReferenceSignals.integratedLufs(quiet, RATE);
    quietReference = dir.resolve("quiet-pink.wav");
    ReferenceSignals.writePcm24(quietReference, RATE, quiet);
    // The loud one at 44.1 kHz, as commercial references mostly are: it is converted as it plays.
    int cdRate = 44100;
    double[][] loud = ReferenceSignals.lowPassedNoise(3, 10 * cdRate, cdRate, 500);
    ReferenceSignals.scaleTo(loud, cdRate, -12);
    loudFileLufs = ReferenceSignals.integratedLufs(loud, cdRate);
    loudReference = dir.resolve("loud-dark-44k1.wav");
    ReferenceSignals.writePcm24(loudReference, cdRate, loud);
  }

  /** What one run of the engine heard, measured by meters of its own. */
  private record Match(
      String reference,
      MatchMode mode,
      double masterHeardLufs,
      double referenceHeardLufs,
      double printDuringReferenceLufs,
      double offsetLu,
      double gainDb,
      double limitedLu,
      long underruns) {
    double errorLu() {
      return referenceHeardLufs - masterHeardLufs;
    }

    double sameWindowErrorLu() {
      return referenceHeardLufs - printDuringReferenceLufs;
    }
  }

  @Test
  void referencesOfDifferentLoudnessAreHeardAtTheMastersLoudnessInBothModes() throws Exception {
    List<Match> runs = new ArrayList<>();
    for (MatchMode mode : MatchMode.values()) {
      runs.add(run(quietReference, mode));
      runs.add(run(loudReference, mode));
    }
    System.out.printf(
        "reference files: quiet pink %.2f LUFS, loud dark noise %.2f LUFS%n",
        quietFileLufs, loudFileLufs);
    for (Match m : runs) {
      System.out.printf(
          "%-15s %-10s master heard %.2f LUFS, reference heard %.2f LUFS: error %+.3f LU"
              + " (print in the same window %.2f: %+.3f LU); offset %+.2f LU, gain %+.2f dB,"
              + " limited %.2f LU, underruns %d%n",
          m.reference(),
          m.mode().jsonName(),
          m.masterHeardLufs(),
          m.referenceHeardLufs(),
          m.errorLu(),
          m.printDuringReferenceLufs(),
          m.sameWindowErrorLu(),
          m.offsetLu(),
          m.gainDb(),
          m.limitedLu(),
          m.underruns());
    }
    for (Match m : runs) {
      String what = m.reference() + " " + m.mode();
      assertEquals(-16, m.masterHeardLufs(), 1.5, "master about -16 LUFS: " + what);
      assertEquals(0, m.errorLu(), 0.5, "heard reference minus heard master: " + what);
      assertEquals(0, m.sameWindowErrorLu(), 0.5, "heard reference minus print: " + what);
      assertEquals(0, m.limitedLu(), 1e-9, what);
      assertEquals(0, m.underruns(), what);
    }
    // The two references needed gains about 11 dB apart (their files' loudness difference).
    assertEquals(
        loudFileLufs - quietFileLufs, runs.get(0).gainDb() - runs.get(1).gainDb(), 0.5, "gains");
  }

  /**
   * Runs the engine with the working chain on the master and a reference loaded from a file: 4 s to
   * measure, 6 s of master heard, a switch, 0.5 s, then 6 s of reference heard. The device is
   * stepped at ten times real time so the reference's file reader keeps up.
   */
  private Match run(Path file, MatchMode mode) throws Exception {
    SteppedBackend device = new SteppedBackend();
    AudioEngine engine =
        AudioEngine.open(device, new AudioSettings(RATE, BLOCK, 2, 0, 2), BenchChains.full(), 1.0);
    engine.setSource(new ReferenceSignals.Loop(master));
    double[][] printed = new double[2][BLOCK];
    engine.setPrint(
        (src, n) -> {
          for (int c = 0; c < 2; c++) {
            System.arraycopy(src[c], 0, printed[c], 0, n);
          }
        });
    engine.start();
    LoudnessMeter masterHeard = new LoudnessMeter(2, RATE);
    LoudnessMeter referenceHeard = new LoudnessMeter(2, RATE);
    LoudnessMeter printDuringReference = new LoudnessMeter(2, RATE);
    try (ReferenceMonitor monitor =
        ReferenceMonitor.open(file, RATE, AudioSettings.MAX_BLOCK, mode)) {
      engine.setReference(monitor);
      Pacer pacer = new Pacer(10);
      for (int b = 0; b < blocks(4.0); b++) {
        pacer.step(device);
      }
      for (int b = 0; b < blocks(6.0); b++) {
        masterHeard.addFrames(pacer.step(device), BLOCK);
      }
      monitor.setActive(true);
      for (int b = 0; b < blocks(0.5); b++) {
        pacer.step(device);
      }
      for (int b = 0; b < blocks(6.0); b++) {
        referenceHeard.addFrames(pacer.step(device), BLOCK);
        printDuringReference.addFrames(printed, BLOCK);
      }
      engine.stop();
      return new Match(
          file.getFileName().toString(),
          mode,
          masterHeard.integratedLufs(),
          referenceHeard.integratedLufs(),
          printDuringReference.integratedLufs(),
          monitor.offsetLu(),
          monitor.gainDb(),
          monitor.limitedLu(),
          monitor.underruns());
    }
  }

  private static int blocks(double seconds) {
    return (int) Math.round(seconds * RATE / BLOCK);
  }

  /** Steps a device no faster than a multiple of real time. */
  private static final class Pacer {
    private final long period;
    private long deadline = System.nanoTime();

    Pacer(double speed) {
      period = Math.round(BLOCK * 1e9 / RATE / speed);
    }

    double[][] step(SteppedBackend device) {
      deadline += period;
      long wait;
      while ((wait = deadline - System.nanoTime()) > 0) {
        LockSupport.parkNanos(wait);
      }
      return device.step();
    }
  }

  @Test
  void switchingCrossfadesWithoutAJumpLargerThanTheSignalsOwn() {
    // Master: a 1 kHz sine; reference: a 220 Hz sine (220 whole cycles per second, looped).
    double[][] tone = new double[2][RATE];
    for (int i = 0; i < RATE; i++) {
      tone[0][i] = tone[1][i] = 0.3 * Math.sin(2 * Math.PI * 220 * i / RATE);
    }
    ReferenceMonitor monitor =
        new ReferenceMonitor(
            new ReferenceSignals.Loop(tone),
            null,
            RATE,
            BLOCK,
            MatchMode.SHORT_TERM,
            Double.NaN,
            20 * Math.log10(0.3));
    ReferenceSignals.Loop sameReference = new ReferenceSignals.Loop(tone);
    int fadeFrames = (int) Math.round(ReferenceMonitor.FADE_MILLIS * RATE / 1000);
    double[][] block = new double[2][BLOCK];
    double[][] ref = new double[2][BLOCK];
    long frame = 0;
    double previousHeard = 0;
    double previousMaster = 0;
    double previousReference = 0;
    double ownMaster = 0;
    double ownReference = 0;
    double peak = 0;
    double heardAtSwitches = 0;
    double hardSwitch = 0;
    int switches = 0;
    long lastSwitch = Long.MIN_VALUE / 2;
    for (int b = 0; b < blocks(8.0); b++) {
      if (b >= blocks(4.0) && (b - blocks(4.0)) % 71 == 0) {
        monitor.toggle();
        lastSwitch = frame;
        switches++;
      }
      for (int i = 0; i < BLOCK; i++) {
        double m = 0.5 * Math.sin(2 * Math.PI * 1000.0 * (frame + i) / RATE);
        block[0][i] = m;
        block[1][i] = m;
      }
      double[] masterCopy = block[0].clone();
      sameReference.read(ref, BLOCK);
      double g = Math.pow(10, monitor.gainDb() / 20);
      monitor.process(block, BLOCK);
      for (int i = 0; i < BLOCK; i++, frame++) {
        double m = masterCopy[i];
        double r = g * ref[0][i];
        double y = block[0][i];
        if (frame > blocks(4.0) * (long) BLOCK - 1) {
          ownMaster = Math.max(ownMaster, Math.abs(m - previousMaster));
          ownReference = Math.max(ownReference, Math.abs(r - previousReference));
          peak = Math.max(peak, Math.max(Math.abs(m), Math.abs(r)));
          if (frame - lastSwitch <= fadeFrames + 1) {
            heardAtSwitches = Math.max(heardAtSwitches, Math.abs(y - previousHeard));
            if (frame == lastSwitch) {
              hardSwitch =
                  Math.max(
                      hardSwitch,
                      Math.max(Math.abs(r - previousMaster), Math.abs(m - previousReference)));
            }
          }
        }
        previousHeard = y;
        previousMaster = m;
        previousReference = r;
      }
    }
    double bound = Math.max(ownMaster, ownReference) + 2 * peak / fadeFrames;
    System.out.printf(
        "crossfade over %d frames, %d switches: largest heard jump %.5f; own jumps master %.5f,"
            + " reference %.5f; bound %.5f; a hard switch would jump %.5f; reference gain %+.2f"
            + " dB%n",
        fadeFrames,
        switches,
        heardAtSwitches,
        ownMaster,
        ownReference,
        bound,
        hardSwitch,
        monitor.gainDb());
    assertTrue(switches >= 10);
    assertTrue(heardAtSwitches <= bound + 1e-6, heardAtSwitches + " > " + bound);
    assertTrue(hardSwitch > 3 * bound, "the test signals must make a hard switch audible");
  }

  @Test
  void thePrintStaysTheMasterBitForBitWhileTheReferenceIsHeard() throws Exception {
    double[][][] heard = new double[2][][];
    double[][][] prints = new double[2][][];
    for (int k = 0; k < 2; k++) {
      SteppedBackend device = new SteppedBackend();
      AudioEngine engine =
          AudioEngine.open(
              device, new AudioSettings(RATE, BLOCK, 2, 0, 2), BenchChains.full(), 1.0);
      engine.setSource(new ReferenceSignals.Loop(master));
      int frames = blocks(3.0) * BLOCK;
      double[][] print = new double[2][frames];
      double[][] out = new double[2][frames];
      int[] at = {0};
      engine.setPrint(
          (src, n) -> {
            for (int c = 0; c < 2; c++) {
              System.arraycopy(src[c], 0, print[c], at[0], n);
            }
            at[0] += n;
          });
      if (k == 1) {
        ReferenceMonitor monitor =
            new ReferenceMonitor(
                new ReferenceSignals.Loop(ReferenceSignals.pink(9, RATE)),
                null,
                RATE,
                BLOCK,
                MatchMode.SHORT_TERM,
                Double.NaN,
                Double.NaN);
        monitor.setActive(true);
        engine.setReference(monitor);
      }
      engine.start();
      for (int pos = 0; pos < frames; pos += BLOCK) {
        double[][] o = device.step();
        for (int c = 0; c < 2; c++) {
          System.arraycopy(o[c], 0, out[c], pos, BLOCK);
        }
      }
      engine.stop();
      heard[k] = out;
      prints[k] = print;
    }
    int differing = 0;
    int heardDiffering = 0;
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < prints[0][c].length; i++) {
        if (Double.doubleToLongBits(prints[0][c][i]) != Double.doubleToLongBits(prints[1][c][i])) {
          differing++;
        }
        if (heard[1][c][i] != prints[1][c][i]) {
          heardDiffering++;
        }
      }
    }
    System.out.printf(
        "print null test: %d of %d samples differ between the print with the reference heard and"
            + " without a monitor; %d heard samples differ from the print%n",
        differing, 2 * prints[0][0].length, heardDiffering);
    assertEquals(0, differing, "print samples differing");
    assertTrue(heardDiffering > prints[0][0].length, "the reference was heard");
    // Without a monitor, what is heard is the print.
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < prints[0][c].length; i++) {
        assertEquals(
            Double.doubleToLongBits(prints[0][c][i]), Double.doubleToLongBits(heard[0][c][i]));
      }
    }
  }

  @Test
  void aBoostThatWouldClipTheReferenceStopsAtItsTruePeakAndSaysBy() throws Exception {
    // A very quiet reference with one sample at half scale (-6.02 dBFS, and as true peak).
    double[][] quiet = ReferenceSignals.pink(4, 6 * RATE);
    ReferenceSignals.scaleTo(quiet, RATE, -40);
    quiet[0][3 * RATE] = 0.5;
    double fileLufs = ReferenceSignals.integratedLufs(quiet, RATE);
    Path file = dir.resolve("spike.wav");
    ReferenceSignals.writePcm24(file, RATE, quiet);
    SteppedBackend device = new SteppedBackend();
    AudioEngine engine =
        AudioEngine.open(device, new AudioSettings(RATE, BLOCK, 2, 0, 2), BenchChains.full(), 1.0);
    engine.setSource(new ReferenceSignals.Loop(master));
    engine.start();
    double heardPeak = 0;
    try (ReferenceMonitor monitor =
        ReferenceMonitor.open(file, RATE, AudioSettings.MAX_BLOCK, MatchMode.INTEGRATED)) {
      engine.setReference(monitor);
      Pacer pacer = new Pacer(10);
      for (int b = 0; b < blocks(2.0); b++) {
        pacer.step(device);
      }
      monitor.setActive(true);
      for (int b = 0; b < blocks(7.0); b++) {
        double[][] out = pacer.step(device);
        for (int i = 0; i < BLOCK; i++) {
          heardPeak = Math.max(heardPeak, Math.max(Math.abs(out[0][i]), Math.abs(out[1][i])));
        }
      }
      engine.stop();
      System.out.printf(
          "headroom: reference %.2f LUFS (file), offset %+.2f LU, gain %+.2f dB, limited %.2f LU,"
              + " heard peak %.4f%n",
          monitor.referenceLufs(),
          monitor.offsetLu(),
          monitor.gainDb(),
          monitor.limitedLu(),
          heardPeak);
      assertEquals(fileLufs, monitor.referenceLufs(), 0.05, "the file's loudness, measured");
      assertEquals(20 * Math.log10(2), monitor.gainDb(), 0.1, "gain up to the true peak");
      assertEquals(monitor.offsetLu() - monitor.gainDb(), monitor.limitedLu(), 1e-9);
      assertTrue(monitor.limitedLu() > 15, "needed about +24 dB");
      assertTrue(heardPeak <= 1.0, "heard peak " + heardPeak);
    }
  }

  @Test
  void missingOrBrokenReferenceIsReportedByName() throws Exception {
    Path missing = dir.resolve("no-such-reference.wav");
    AudioFileException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            AudioFileException.class,
            () -> ReferenceMonitor.open(missing, RATE, 256, MatchMode.SHORT_TERM));
    assertTrue(e.getMessage().startsWith("no-such-reference.wav: "), e.getMessage());
    assertEquals(-1, e.getMessage().indexOf('\n'));
    Path broken = dir.resolve("broken.wav");
    java.nio.file.Files.writeString(broken, "RIFF not really");
    e =
        org.junit.jupiter.api.Assertions.assertThrows(
            AudioFileException.class,
            () -> ReferenceMonitor.open(broken, RATE, 256, MatchMode.SHORT_TERM));
    assertTrue(e.getMessage().startsWith("broken.wav: "), e.getMessage());
  }

  @Test
  void theAudioThreadAllocatesNothingWhileTheReferenceIsSwitched() throws Exception {
    AudioSettings settings = new AudioSettings(RATE, 128, 2, 0, 2);
    AudioEngine engine = AudioEngine.open(new NullBackend(), settings, BenchChains.full(), 2.0);
    engine.setSource(new DemoMix(RATE, 1e6)::read);
    engine.warmUp(10.0, new DemoMix(RATE, 1e6)::read);
    ReferenceMonitor.warmUp(RATE, 128, 30_000);
    try (ReferenceMonitor monitor =
        ReferenceMonitor.open(loudReference, RATE, AudioSettings.MAX_BLOCK, MatchMode.SHORT_TERM)) {
      engine.setReference(monitor);
      engine.start();
      long start = System.nanoTime();
      int step = 0;
      while (System.nanoTime() - start < 6_000_000_000L) {
        engine.supervise();
        if (step % 5 == 0) {
          monitor.toggle();
        }
        if (step % 37 == 0) {
          monitor.setMode(step % 2 == 0 ? MatchMode.INTEGRATED : MatchMode.SHORT_TERM);
        }
        if (step == 150) {
          monitor.restartIntegration();
        }
        step++;
        Thread.sleep(20);
      }
      EngineStats s = engine.stats();
      engine.stop();
      System.out.printf(
          "reference switched %d times: %d B allocated on the audio thread over %.1f s,"
              + " %d callbacks, reference underruns %d%n",
          step / 5 + 1,
          s.allocatedBytesAfterWarmup(),
          s.measuredSeconds(),
          s.callbacks(),
          monitor.underruns());
      assertTrue(s.measuredSeconds() >= 3.0, "measured " + s.measuredSeconds() + " s");
      assertEquals(0, s.allocatedBytesAfterWarmup(), "bytes allocated on the audio thread");
      assertNotEquals(Double.NaN, monitor.gainDb());
    }
  }
}
