package lathe.dsp.gain;

import java.util.List;
import lathe.dsp.Dsp;
import lathe.dsp.ProcessSpec;
import lathe.dsp.chain.Module;
import lathe.dsp.param.LinearSmoother;
import lathe.dsp.param.ParamSpec;
import lathe.dsp.param.Taper;

/** Applies the input trim ({@code trim.gain}, in dB), smoothed over 20 ms. */
public final class TrimModule extends Module {
  /** Gain of the trim, in decibels. */
  public static final ParamSpec GAIN =
      ParamSpec.number("trim.gain", "Trim", "dB", -24, 24, 0, Taper.LINEAR);

  private static final double RAMP_SECONDS = 0.020;
  private final LinearSmoother gain = new LinearSmoother();
  private int channels;

  /** Creates a trim at 0 dB. */
  public TrimModule() {
    super("trim", List.of(GAIN));
    gain.setCurrentAndTarget(1.0);
  }

  @Override
  public void setParameter(int index, double value) {
    gain.setTarget(Dsp.dbToGain(value));
  }

  @Override
  public void prepare(ProcessSpec spec) {
    channels = spec.channels();
    gain.reset(spec.sampleRate(), RAMP_SECONDS);
  }

  @Override
  public void process(double[][] x, int frames) {
    GainRamp.apply(gain, x, channels, frames);
  }

  @Override
  public void reset() {
    gain.setCurrentAndTarget(gain.target());
  }
}
