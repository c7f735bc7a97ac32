package lathe.console.engine.javasound;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.Line;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;
import lathe.console.engine.AudioDeviceException;

/** Lists the Java Sound devices (mixers with data lines) and what each can play and capture. */
public final class AudioDevices {
  /** Sample rates probed on every device, in hertz. */
  public static final List<Integer> STANDARD_RATES =
      List.of(44100, 48000, 88200, 96000, 176400, 192000);

  /** Sample sizes tried in order of preference, in bits (signed little-endian PCM). */
  static final int[] SAMPLE_BITS = {24, 16, 32};

  private static final int MAX_LISTED_CHANNELS = 8;

  /**
   * Describes one Java Sound device.
   *
   * @param name the mixer name, which {@code --audio} matches
   * @param description the mixer description
   * @param outputRates standard sample rates it plays, in hertz (empty: no output)
   * @param outputChannels channel counts it plays
   * @param inputRates standard sample rates it captures, in hertz (empty: no input)
   * @param inputChannels channel counts it captures
   */
  public record Device(
      String name,
      String description,
      List<Integer> outputRates,
      List<Integer> outputChannels,
      List<Integer> inputRates,
      List<Integer> inputChannels) {
    /** Copies the lists so the record stays unchanged. */
    public Device {
      outputRates = List.copyOf(outputRates);
      outputChannels = List.copyOf(outputChannels);
      inputRates = List.copyOf(inputRates);
      inputChannels = List.copyOf(inputChannels);
    }
  }

  private AudioDevices() {}

  /** Lists the devices Java Sound offers, each with its rates and channel counts. */
  public static List<Device> list() {
    List<Device> devices = new ArrayList<>();
    for (Mixer.Info info : audioMixers()) {
      Mixer mixer = AudioSystem.getMixer(info);
      List<Integer> outChannels = channels(mixer, SourceDataLine.class);
      List<Integer> inChannels = channels(mixer, TargetDataLine.class);
      devices.add(
          new Device(
              info.getName(),
              info.getDescription(),
              rates(mixer, SourceDataLine.class, outChannels),
              outChannels,
              rates(mixer, TargetDataLine.class, inChannels),
              inChannels));
    }
    return devices;
  }

  /** Returns the mixers that have a source or target data line, in Java Sound's order. */
  static List<Mixer.Info> audioMixers() {
    List<Mixer.Info> mixers = new ArrayList<>();
    for (Mixer.Info info : AudioSystem.getMixerInfo()) {
      Mixer mixer = AudioSystem.getMixer(info);
      if (hasLine(mixer, SourceDataLine.class) || hasLine(mixer, TargetDataLine.class)) {
        mixers.add(info);
      }
    }
    return mixers;
  }

  /**
   * Finds the mixer that plays, by a case-insensitive part of its name or description ({@code null}
   * or {@code default}: the default device).
   */
  static Mixer.Info select(String deviceName) throws AudioDeviceException {
    List<Mixer.Info> players = new ArrayList<>();
    for (Mixer.Info info : audioMixers()) {
      if (hasLine(AudioSystem.getMixer(info), SourceDataLine.class)) {
        players.add(info);
      }
    }
    if (players.isEmpty()) {
      throw new AudioDeviceException(
          "no Java Sound device can play"
              + (isDefault(deviceName) ? "" : " (asked for '" + deviceName + "')")
              + ": there are no output devices (no sound card, and ALSA defines no default PCM)");
    }
    if (isDefault(deviceName)) {
      for (Mixer.Info info : players) {
        if (info.getName().toLowerCase(Locale.ROOT).startsWith("default")) {
          return info;
        }
      }
      return players.get(0);
    }
    String wanted = deviceName.toLowerCase(Locale.ROOT);
    List<Mixer.Info> matches = new ArrayList<>();
    for (Mixer.Info info : players) {
      if (info.getName().toLowerCase(Locale.ROOT).contains(wanted)
          || info.getDescription().toLowerCase(Locale.ROOT).contains(wanted)) {
        matches.add(info);
      }
    }
    if (matches.size() == 1) {
      return matches.get(0);
    }
    for (Mixer.Info info : matches) {
      if (info.getName().equalsIgnoreCase(deviceName)) {
        return info;
      }
    }
    if (matches.isEmpty()) {
      throw new AudioDeviceException(
          "no Java Sound device matches '" + deviceName + "'; devices: " + names(players));
    }
    throw new AudioDeviceException(
        "Java Sound device name '"
            + deviceName
            + "' matches several devices: "
            + names(matches)
            + "; give more of the name");
  }

  /**
   * Returns the preferred stereo-or-other PCM format the mixer supports for the line kind at the
   * rate, or {@code null} when none.
   */
  static AudioFormat format(
      Mixer mixer, Class<? extends DataLine> lineClass, double sampleRate, int channels) {
    return format(mixer, lineClass, sampleRate, channels, 0);
  }

  /**
   * Returns the PCM format the mixer takes for the line kind at this rate and channel count with
   * {@code onlyBits} bits per sample, or in the preferred order of sizes when it is 0; null if
   * none.
   */
  static AudioFormat format(
      Mixer mixer,
      Class<? extends DataLine> lineClass,
      double sampleRate,
      int channels,
      int onlyBits) {
    for (int bits : SAMPLE_BITS) {
      if (onlyBits != 0 && bits != onlyBits) {
        continue;
      }
      AudioFormat format = pcm(sampleRate, bits, channels);
      if (mixer.isLineSupported(new DataLine.Info(lineClass, format))) {
        return format;
      }
    }
    return null;
  }

  /**
   * Returns the standard rates at which the mixer supports the line kind with any channel count.
   */
  static List<Integer> rates(
      Mixer mixer, Class<? extends DataLine> lineClass, List<Integer> channels) {
    List<Integer> rates = new ArrayList<>();
    for (int rate : STANDARD_RATES) {
      for (int count : channels) {
        if (format(mixer, lineClass, rate, count) != null) {
          rates.add(rate);
          break;
        }
      }
    }
    return rates;
  }

  /** Returns the channel counts from 1 to 8 that the mixer supports at some standard rate. */
  private static List<Integer> channels(Mixer mixer, Class<? extends DataLine> lineClass) {
    List<Integer> counts = new ArrayList<>();
    if (!hasLine(mixer, lineClass)) {
      return counts;
    }
    for (int count = 1; count <= MAX_LISTED_CHANNELS; count++) {
      for (int rate : STANDARD_RATES) {
        if (format(mixer, lineClass, rate, count) != null) {
          counts.add(count);
          break;
        }
      }
    }
    return counts;
  }

  private static Line.Info[] lineInfos(Mixer mixer, Class<? extends DataLine> lineClass) {
    return lineClass == SourceDataLine.class
        ? mixer.getSourceLineInfo()
        : mixer.getTargetLineInfo();
  }

  private static boolean hasLine(Mixer mixer, Class<? extends DataLine> lineClass) {
    for (Line.Info info : lineInfos(mixer, lineClass)) {
      if (lineClass.isAssignableFrom(info.getLineClass())) {
        return true;
      }
    }
    return false;
  }

  static AudioFormat pcm(double sampleRate, int bits, int channels) {
    return new AudioFormat(
        AudioFormat.Encoding.PCM_SIGNED,
        (float) sampleRate,
        bits,
        channels,
        bits / 8 * channels,
        (float) sampleRate,
        false);
  }

  static boolean isDefault(String deviceName) {
    return deviceName == null || deviceName.isBlank() || deviceName.equalsIgnoreCase("default");
  }

  private static String names(List<Mixer.Info> infos) {
    StringBuilder sb = new StringBuilder();
    for (Mixer.Info info : infos) {
      if (!sb.isEmpty()) {
        sb.append(", ");
      }
      sb.append('\'').append(info.getName()).append('\'');
    }
    return sb.toString();
  }
}
