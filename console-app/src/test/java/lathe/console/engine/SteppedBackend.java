package lathe.console.engine;

/**
 * Is a fake device that calls the cycle only when the test steps it, on the test's thread, so that
 * the engine's output can be compared sample by sample with an offline render.
 */
final class SteppedBackend implements AudioBackend {
  private DeviceFormat format;
  private AudioCycle cycle;
  private double[][] in;
  private double[][] out;

  @Override
  public String description() {
    return "stepped (test)";
  }

  @Override
  public DeviceFormat open(AudioSettings requested) {
    format = new DeviceFormat(requested.sampleRate(), requested.blockFrames(), 0, 2, 0, 0);
    in = new double[2][requested.blockFrames()];
    out = new double[2][requested.blockFrames()];
    return format;
  }

  @Override
  public void start(AudioCycle c) {
    cycle = c;
  }

  /** Runs one block and returns the output buffers (valid until the next step). */
  double[][] step() {
    cycle.process(in, out, format.blockFrames());
    return out;
  }

  @Override
  public void close() {
    cycle = null;
  }

  @Override
  public long xruns() {
    return 0;
  }

  @Override
  public String failure() {
    return null;
  }
}
