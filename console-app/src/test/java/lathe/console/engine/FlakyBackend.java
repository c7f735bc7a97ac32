package lathe.console.engine;

/**
 * Is a fake device, standing in for a USB interface that is unplugged and plugged back in: it runs
 * on the real null back-end's paced clock, fails after a given number of blocks (as a Java Sound
 * line does when its device vanishes: no more blocks, a failure message), then refuses to open a
 * given number of times before it opens again.
 */
final class FlakyBackend implements AudioBackend {
  private final NullBackend clock = new NullBackend();
  private final long failAfterBlocks;
  private int refusals;
  private volatile String failure;
  private volatile long blocks;
  private boolean failedOnce;

  FlakyBackend(long failAfterBlocks, int refusals) {
    this.failAfterBlocks = failAfterBlocks;
    this.refusals = refusals;
  }

  @Override
  public String description() {
    return "flaky (test device)";
  }

  @Override
  public DeviceFormat open(AudioSettings requested) throws AudioDeviceException {
    if (failedOnce && refusals > 0) {
      refusals--;
      throw new AudioDeviceException("flaky (test device) is not present");
    }
    failure = null;
    return clock.open(requested);
  }

  @Override
  public void start(AudioCycle cycle) {
    clock.start(
        (in, out, frames) -> {
          if (failure != null) {
            return;
          }
          if (!failedOnce && ++blocks > failAfterBlocks) {
            failedOnce = true;
            failure = "flaky (test device) was unplugged";
            return;
          }
          cycle.process(in, out, frames);
        });
  }

  @Override
  public void close() {
    clock.close();
  }

  @Override
  public long xruns() {
    return clock.xruns();
  }

  @Override
  public String failure() {
    return failure;
  }
}
