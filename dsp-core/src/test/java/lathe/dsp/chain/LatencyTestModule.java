package lathe.dsp.chain;

import java.util.List;
import lathe.dsp.Dsp;
import lathe.dsp.ProcessSpec;
import lathe.dsp.param.ParamSpec;
import lathe.dsp.param.Taper;

/** A test module that delays its input by a fixed number of frames and applies a plain gain. */
final class LatencyTestModule extends Module {
  private final int delayFrames;
  private DelayLine delay;
  private double gain = 1.0;

  LatencyTestModule(String id, int delayFrames) {
    super(id, List.of(ParamSpec.number(id + ".gain", "Gain", "dB", -24, 24, 0, Taper.LINEAR)));
    this.delayFrames = delayFrames;
  }

  @Override
  public void setParameter(int index, double value) {
    gain = Dsp.dbToGain(value);
  }

  @Override
  public void prepare(ProcessSpec spec) {
    delay = new DelayLine(spec.channels(), delayFrames);
  }

  @Override
  public void process(double[][] channels, int frames) {
    delay.process(channels, frames);
    if (gain != 1.0) {
      for (double[] ch : channels) {
        for (int i = 0; i < frames; i++) {
          ch[i] *= gain;
        }
      }
    }
  }

  @Override
  public void reset() {
    delay.reset();
  }

  @Override
  public int latencyFrames() {
    return delayFrames;
  }
}
