package lathe.console.engine;

/**
 * Holds the engine's running figures, read on the control thread.
 *
 * @param backend the back-end's description
 * @param sampleRate frames per second, in hertz
 * @param block frames per callback
 * @param callbacks blocks processed since start
 * @param xruns over- and underruns the device reported, over every (re)opening
 * @param xrunsAfterWarmup those since the measurement window opened (start-up, when a device
 *     connects its ports, often costs one or two), or -1 before it opens
 * @param dspLoad time the last block took in the cycle, as a fraction of the block's period
 * @param maxDspLoad the largest such fraction since the measurement window opened
 * @param latency the delays from input to output
 * @param allocatedBytesAfterWarmup bytes allocated by the audio thread since the measurement window
 *     opened, or -1 when not measured yet
 * @param measuredSeconds length of the measurement window so far, in seconds
 * @param deviceLosses times the device failed while running
 */
public record EngineStats(
    String backend,
    double sampleRate,
    int block,
    long callbacks,
    long xruns,
    long xrunsAfterWarmup,
    double dspLoad,
    double maxDspLoad,
    Latency latency,
    long allocatedBytesAfterWarmup,
    double measuredSeconds,
    long deviceLosses) {}
