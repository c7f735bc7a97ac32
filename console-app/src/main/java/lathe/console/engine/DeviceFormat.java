package lathe.console.engine;

/**
 * Holds what an audio device granted when it opened.
 *
 * @param sampleRate frames per second, in hertz
 * @param blockFrames frames per callback (JACK: the server's period)
 * @param inputChannels channels captured, 0 when the device has no input in use
 * @param outputChannels channels played
 * @param inputLatencyFrames delay from the converter to the callback, in frames
 * @param outputLatencyFrames delay from the callback to the converter, in frames (buffering)
 */
public record DeviceFormat(
    double sampleRate,
    int blockFrames,
    int inputChannels,
    int outputChannels,
    int inputLatencyFrames,
    int outputLatencyFrames) {}
