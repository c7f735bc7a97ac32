package lathe.console.master;

import lathe.dsp.render.FrameSource;

/**
 * Synthesises a short stereo demo mix in code (kick, snare, hats, bass and a chord pad at 120 BPM),
 * so the console can be tried with no file at hand. The same seed gives the same samples.
 */
public final class DemoMix implements FrameSource {
  private static final double BPM = 120;
  private static final double[] BASS_NOTES = {41.20, 41.20, 49.00, 36.71}; // E1 E1 G1 D1 per bar
  private static final double[][] CHORDS = {
    {164.81, 196.00, 246.94},
    {164.81, 196.00, 246.94},
    {196.00, 246.94, 293.66},
    {146.83, 185.00, 220.00}
  };

  private final double rate;
  private final long totalFrames;
  private long position;
  private long noiseState = 0x9E3779B97F4A7C15L;
  private double hatHp;
  private double hatPrev;
  private double padLowL;
  private double padLowR;
  private double bassLow;

  /** Creates a demo mix of the given length at the given rate. */
  public DemoMix(double sampleRate, double seconds) {
    this.rate = sampleRate;
    this.totalFrames = Math.round(seconds * sampleRate);
  }

  /** Returns the length in frames. */
  public long frames() {
    return totalFrames;
  }

  @Override
  public int read(double[][] dest, int maxFrames) {
    int n = (int) Math.min(maxFrames, totalFrames - position);
    for (int i = 0; i < n; i++) {
      double[] lr = frame(position + i);
      dest[0][i] = lr[0];
      dest[1][i] = lr[1];
    }
    position += n;
    return n;
  }

  private final double[] out = new double[2];

  private double[] frame(long k) {
    double t = k / rate;
    double beat = 60.0 / BPM;
    double tb = t % beat; // time since the last beat
    int beatIndex = (int) (t / beat);
    int bar = (beatIndex / 4) % 4;
    double eighth = beat / 2;
    double te = t % eighth;

    // Kick on every beat: a pitch-swept sine with a fast decay.
    double kickPhase = 2 * Math.PI * (45 * tb + (120 - 45) * 0.03 * (1 - Math.exp(-tb / 0.03)));
    double kick = 0.9 * Math.sin(kickPhase) * Math.exp(-tb / 0.18);

    // Snare on beats 2 and 4: a noise burst and a 185 Hz body.
    double snare = 0;
    if (beatIndex % 2 == 1) {
      snare =
          (0.35 * noise() * Math.exp(-tb / 0.09) + 0.3 * Math.sin(2 * Math.PI * 185 * tb))
              * Math.exp(-tb / 0.12);
    }

    // Closed hats on eighths: high-passed noise.
    double n = noise();
    hatHp = 0.8 * (hatHp + n - hatPrev);
    hatPrev = n;
    double hat = 0.12 * hatHp * Math.exp(-te / 0.025);

    // Bass: a filtered saw on the bar's root.
    double f = BASS_NOTES[bar];
    double saw = saw(t * f, f / rate);
    bassLow += 0.06 * (saw - bassLow);
    double bass = 0.45 * bassLow;

    // Pad: three detuned saws per side, low-passed, with a slow swell.
    double padL = 0;
    double padR = 0;
    for (double note : CHORDS[bar]) {
      padL += saw(t * note * 0.997, note * 0.997 / rate);
      padR += saw(t * note * 1.003, note * 1.003 / rate);
    }
    padLowL += 0.02 * (padL - padLowL);
    padLowR += 0.02 * (padR - padLowR);
    double swell = 0.5 + 0.5 * Math.sin(2 * Math.PI * t / 8);
    double pad = 0.08 * (0.6 + 0.4 * swell);

    double mono = kick + snare + bass;
    // Mixed to peak near -3 dBFS, with an RMS level around -16 dBFS, like an unmastered mix.
    out[0] = 0.36 * (mono + 0.8 * hat + pad * padLowL);
    out[1] = 0.36 * (mono + 0.5 * hat + pad * padLowR);
    return out;
  }

  /**
   * Returns a band-limited sawtooth (-1..1) at the given phase in cycles, with the discontinuity
   * smoothed by a polynomial band-limited step over {@code increment} cycles per frame.
   */
  private static double saw(double cycles, double increment) {
    double p = cycles - Math.floor(cycles);
    double v = 2 * p - 1;
    if (p < increment) {
      double x = p / increment;
      v -= x + x - x * x - 1;
    } else if (p > 1 - increment) {
      double x = (p - 1) / increment;
      v -= x * x + x + x + 1;
    }
    return v;
  }

  private double noise() {
    noiseState ^= noiseState << 13;
    noiseState ^= noiseState >>> 7;
    noiseState ^= noiseState << 17;
    return (noiseState >>> 11) * 0x1.0p-53 * 2 - 1;
  }
}
