package lathe.console.engine.javasound;

import java.util.Arrays;
import java.util.List;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;
import javax.sound.sampled.TargetDataLine;
import lathe.console.engine.AudioBackend;
import lathe.console.engine.AudioCycle;
import lathe.console.engine.AudioDeviceException;
import lathe.console.engine.AudioSettings;
import lathe.console.engine.DeviceFormat;

/**
 * Streams through a Java Sound device (a USB interface on a PC or a Raspberry Pi): signed
 * little-endian PCM, 24-bit when the device takes it (else 16, then 32), stereo, full duplex on one
 * mixer when input is asked for. Its audio thread reads one block from the input line (or uses
 * silence), calls the cycle, and writes the block to the output line, whose blocking write paces
 * the loop.
 */
public final class JavaSoundBackend implements AudioBackend {
  private static final long JOIN_MILLIS = 2000;

  /**
   * Calls of each line method made at open so that the JIT queues it for full compilation there
   * (the tiered thresholds are a few thousand calls, raised while the compile queues are busy).
   */
  private static final int WARM_CALLS = 60_000;

  /**
   * Least time the line methods are called at open, so the first-tier code is installed meanwhile.
   */
  private static final long WARM_NANOS = 150_000_000L;

  private static volatile long warmSink;

  private final String deviceName;

  private String mixerName;
  private SourceDataLine output;
  private TargetDataLine input;
  private int blockFrames;
  private int outputBytesPerSample;
  private int inputBytesPerSample;
  private int outputBufferBytes;
  private int inputBufferBytes;
  private int prefillBytes;
  private double[][] inPlanes;
  private double[][] outPlanes;
  private byte[] inBytes;
  private byte[] outBytes;
  private byte[] silence;
  private AudioCycle cycle;
  private Thread thread;

  private volatile boolean running;
  private volatile String failure;
  private volatile long xruns;
  private final int bits;

  /**
   * Creates the back-end for a device named by a case-insensitive part of its name or description
   * ({@code null} or {@code default}: the default device); nothing opens until {@link #open}.
   */
  public JavaSoundBackend(String deviceName) {
    this(deviceName, 0);
  }

  /**
   * Creates the back-end for a device, with a sample size: 16, 24 or 32 bits, or 0 for the first of
   * 24, 16 and 32 that the device takes.
   */
  public JavaSoundBackend(String deviceName, int bits) {
    if (bits != 0 && bits != 16 && bits != 24 && bits != 32) {
      throw new IllegalArgumentException("sample size " + bits + " bits: expected 16, 24 or 32");
    }
    this.deviceName = deviceName;
    this.bits = bits;
  }

  @Override
  public String description() {
    return mixerName != null
        ? "Java Sound " + mixerName + " (" + outputBytesPerSample * 8 + "-bit)"
        : "Java Sound " + label(deviceName);
  }

  @Override
  public DeviceFormat open(AudioSettings requested) throws AudioDeviceException {
    if (output != null) {
      throw new IllegalStateException("Java Sound device '" + mixerName + "' is already open");
    }
    Mixer.Info info = AudioDevices.select(deviceName);
    Mixer mixer = AudioSystem.getMixer(info);
    String name = info.getName();
    double rate = requested.sampleRate();
    int channels = requested.outputChannels();
    AudioFormat outFormat = AudioDevices.format(mixer, SourceDataLine.class, rate, channels, bits);
    if (outFormat == null) {
      throw new AudioDeviceException(
          rateMessage(name, "play", rate, channels, mixer, SourceDataLine.class));
    }
    AudioFormat inFormat = null;
    if (requested.inputChannels() > 0) {
      inFormat =
          AudioDevices.format(mixer, TargetDataLine.class, rate, requested.inputChannels(), bits);
      if (inFormat == null) {
        throw new AudioDeviceException(
            rateMessage(
                name, "capture", rate, requested.inputChannels(), mixer, TargetDataLine.class));
      }
    }
    int bufferFrames = requested.blockFrames() * requested.buffers();
    SourceDataLine out = null;
    TargetDataLine in = null;
    try {
      out = (SourceDataLine) mixer.getLine(new DataLine.Info(SourceDataLine.class, outFormat));
      out.open(outFormat, bufferFrames * outFormat.getFrameSize());
      if (inFormat != null) {
        in = (TargetDataLine) mixer.getLine(new DataLine.Info(TargetDataLine.class, inFormat));
        in.open(inFormat, bufferFrames * inFormat.getFrameSize());
      }
    } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
      closeQuietly(out, in);
      throw new AudioDeviceException(
          "Java Sound device '"
              + name
              + "' cannot open "
              + describe(outFormat)
              + (inFormat != null ? " with input" : "")
              + ": "
              + e.getMessage(),
          e);
    }
    mixerName = name;
    output = out;
    input = in;
    blockFrames = requested.blockFrames();
    outputBytesPerSample = outFormat.getSampleSizeInBits() / 8;
    outputBufferBytes = out.getBufferSize();
    outBytes = new byte[blockFrames * outFormat.getFrameSize()];
    outPlanes = new double[channels][blockFrames];
    inPlanes = new double[in != null ? inFormat.getChannels() : channels][blockFrames];
    if (in != null) {
      inputBytesPerSample = inFormat.getSampleSizeInBits() / 8;
      inputBufferBytes = in.getBufferSize();
      inBytes = new byte[blockFrames * inFormat.getFrameSize()];
      // Full duplex: keep all but one block of the output queued, so each read of one block
      // is followed by a write that finds room at once.
      int frameSize = outFormat.getFrameSize();
      int prefillFrames = Math.max(0, outputBufferBytes / frameSize - blockFrames);
      prefillBytes = prefillFrames * frameSize;
      silence = new byte[prefillBytes];
    } else {
      inputBytesPerSample = 0;
      inputBufferBytes = 0;
      inBytes = null;
      prefillBytes = 0;
      silence = null;
    }
    warmLineCalls(out, in, inBytes);
    xruns = 0;
    failure = null;
    int outputLatency = outputBufferBytes / outFormat.getFrameSize();
    return new DeviceFormat(
        rate,
        blockFrames,
        in != null ? inFormat.getChannels() : 0,
        channels,
        in != null ? blockFrames : 0,
        outputLatency);
  }

  @Override
  public void start(AudioCycle cycle) throws AudioDeviceException {
    if (output == null) {
      throw new IllegalStateException("open the Java Sound device before starting it");
    }
    if (thread != null) {
      throw new IllegalStateException("Java Sound device '" + mixerName + "' is already running");
    }
    this.cycle = cycle;
    running = true;
    thread =
        Thread.ofPlatform()
            .name("lathe-audio-javasound")
            .priority(Thread.MAX_PRIORITY)
            .daemon(false)
            .unstarted(new Loop(this));
    thread.start();
  }

  @Override
  public void close() {
    running = false;
    // Stopping a line makes a blocked read or write return at once.
    if (output != null) {
      output.stop();
      output.flush();
    }
    if (input != null) {
      input.stop();
      input.flush();
    }
    Thread t = thread;
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(JOIN_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeQuietly(output, input);
    thread = null;
    output = null;
    input = null;
    cycle = null;
  }

  @Override
  public long xruns() {
    return xruns;
  }

  @Override
  public String failure() {
    return failure;
  }

  /**
   * Is the audio thread's loop, in a class of its own with no string constants: HotSpot resolves
   * every string constant of a method's class on the thread that queues the method for the
   * optimising compiler, and this loop is compiled (on-stack replacement) on the audio thread,
   * minutes into a session. Its failure messages are built by the back-end.
   */
  private static final class Loop implements Runnable {
    private final JavaSoundBackend b;

    Loop(JavaSoundBackend b) {
      this.b = b;
    }

    @Override
    public void run() {
      SourceDataLine out = b.output;
      TargetDataLine in = b.input;
      AudioCycle c = b.cycle;
      int frames = b.blockFrames;
      int outLength = b.outBytes.length;
      int inLength = in != null ? b.inBytes.length : 0;
      long written = 0;
      boolean filled = false;
      try {
        if (in != null && b.prefillBytes > 0) {
          written = out.write(b.silence, 0, b.prefillBytes);
        }
        out.start();
        if (in != null) {
          in.start();
        }
        while (b.running) {
          if (in != null) {
            if (in.available() >= b.inputBufferBytes) {
              b.xruns++;
            }
            int read = in.read(b.inBytes, 0, inLength);
            if (read < inLength) {
              if (b.running) {
                b.failShortRead(read, inLength);
              }
              return;
            }
            decode(b.inBytes, b.inputBytesPerSample, b.inPlanes, frames);
          } else {
            for (double[] plane : b.inPlanes) {
              Arrays.fill(plane, 0, frames, 0.0);
            }
          }
          c.process(b.inPlanes, b.outPlanes, frames);
          encode(b.outPlanes, frames, b.outBytes, b.outputBytesPerSample);
          // Underrun: the device drained while the b.cycle ran (the whole buffer is free before the
          // write), or while the write waited for room (at most this block is queued after it).
          boolean drainedBefore = filled && out.available() >= b.outputBufferBytes;
          if (drainedBefore && in != null && b.prefillBytes > 0) {
            // In full duplex the capture paces the loop, one block in for one block out, so a
            // drained playback queue would stay drained: put its cushion of b.silence back.
            out.write(b.silence, 0, b.prefillBytes);
          }
          int count = out.write(b.outBytes, 0, outLength);
          if (count < outLength) {
            if (b.running) {
              b.failShortWrite(count, outLength);
            }
            return;
          }
          if (drainedBefore || (filled && out.available() >= b.outputBufferBytes - outLength)) {
            b.xruns++;
          }
          if (!filled) {
            written += count;
            filled = written >= b.outputBufferBytes;
          }
        }
      } catch (RuntimeException e) {
        if (b.running) {
          b.failWith(e);
        }
      }
    }
  }

  private void failShortRead(int read, int expected) {
    fail("read returned " + read + " of " + expected + " bytes");
  }

  private void failShortWrite(int count, int expected) {
    fail("write accepted " + count + " of " + expected + " bytes");
  }

  private void failWith(RuntimeException e) {
    fail(e.toString());
  }

  /**
   * Calls the line methods the audio thread uses, on the opening thread and with nothing to move,
   * until the JIT has queued them for full compilation. Queuing a method for that compiler resolves
   * every string constant of its class, which allocates on the thread that happens to queue it; the
   * JDK's line classes are called only a few hundred times a second, so without this the audio
   * thread would queue them, and allocate, tens of seconds into a session.
   */
  private static void warmLineCalls(SourceDataLine out, TargetDataLine in, byte[] inBytes) {
    long sink = 0;
    long start = System.nanoTime();
    for (int i = 0; i < WARM_CALLS || System.nanoTime() - start < WARM_NANOS; i++) {
      // available() queues the playback line's class (which also holds write); a write of
      // nothing would teach the compiler a length that real writes never have.
      sink += out.available();
      sink += out.getFormat().getFrameSize();
      sink += out.isActive() ? 1 : 0;
      if (in != null) {
        sink += in.available();
        sink += in.read(inBytes, 0, 0); // the capture line's class has read only
        sink += in.getFormat().getFrameSize();
        sink += in.isActive() ? 1 : 0;
      }
    }
    warmSink = sink;
  }

  private void fail(String why) {
    failure = "Java Sound device '" + mixerName + "' stopped: " + why;
    running = false;
  }

  /**
   * Converts planar doubles (full scale 1.0) to interleaved signed little-endian PCM, rounding to
   * the nearest step and clamping to the format's range.
   */
  static void encode(double[][] planes, int frames, byte[] bytes, int bytesPerSample) {
    int channels = planes.length;
    int i = 0;
    switch (bytesPerSample) {
      case 2 -> {
        for (int f = 0; f < frames; f++) {
          for (int c = 0; c < channels; c++) {
            long v = clamp(Math.round(planes[c][f] * 32768.0), -32768L, 32767L);
            bytes[i] = (byte) v;
            bytes[i + 1] = (byte) (v >> 8);
            i += 2;
          }
        }
      }
      case 3 -> {
        for (int f = 0; f < frames; f++) {
          for (int c = 0; c < channels; c++) {
            long v = clamp(Math.round(planes[c][f] * 8388608.0), -8388608L, 8388607L);
            bytes[i] = (byte) v;
            bytes[i + 1] = (byte) (v >> 8);
            bytes[i + 2] = (byte) (v >> 16);
            i += 3;
          }
        }
      }
      case 4 -> {
        for (int f = 0; f < frames; f++) {
          for (int c = 0; c < channels; c++) {
            long v =
                clamp(
                    Math.round(planes[c][f] * 2147483648.0), Integer.MIN_VALUE, Integer.MAX_VALUE);
            bytes[i] = (byte) v;
            bytes[i + 1] = (byte) (v >> 8);
            bytes[i + 2] = (byte) (v >> 16);
            bytes[i + 3] = (byte) (v >> 24);
            i += 4;
          }
        }
      }
      default -> throw new IllegalArgumentException(bytesPerSample + " bytes per sample");
    }
  }

  /** Converts interleaved signed little-endian PCM to planar doubles (full scale 1.0). */
  static void decode(byte[] bytes, int bytesPerSample, double[][] planes, int frames) {
    int channels = planes.length;
    int i = 0;
    switch (bytesPerSample) {
      case 2 -> {
        for (int f = 0; f < frames; f++) {
          for (int c = 0; c < channels; c++) {
            int v = (bytes[i] & 0xff) | (bytes[i + 1] << 8);
            planes[c][f] = v * (1.0 / 32768.0);
            i += 2;
          }
        }
      }
      case 3 -> {
        for (int f = 0; f < frames; f++) {
          for (int c = 0; c < channels; c++) {
            int v = (bytes[i] & 0xff) | ((bytes[i + 1] & 0xff) << 8) | (bytes[i + 2] << 16);
            planes[c][f] = v * (1.0 / 8388608.0);
            i += 3;
          }
        }
      }
      case 4 -> {
        for (int f = 0; f < frames; f++) {
          for (int c = 0; c < channels; c++) {
            int v =
                (bytes[i] & 0xff)
                    | ((bytes[i + 1] & 0xff) << 8)
                    | ((bytes[i + 2] & 0xff) << 16)
                    | (bytes[i + 3] << 24);
            planes[c][f] = v * (1.0 / 2147483648.0);
            i += 4;
          }
        }
      }
      default -> throw new IllegalArgumentException(bytesPerSample + " bytes per sample");
    }
  }

  private static long clamp(long v, long min, long max) {
    return v < min ? min : (v > max ? max : v);
  }

  private static String rateMessage(
      String name,
      String verb,
      double rate,
      int channels,
      Mixer mixer,
      Class<? extends DataLine> lineClass) {
    List<Integer> rates = AudioDevices.rates(mixer, lineClass, List.of(channels));
    return "Java Sound device '"
        + name
        + "' cannot "
        + verb
        + " "
        + formatRate(rate)
        + " Hz with "
        + channels
        + " channels (16/24/32-bit PCM); "
        + (rates.isEmpty()
            ? "it supports none of " + AudioDevices.STANDARD_RATES + " Hz"
            : "it supports " + rates + " Hz");
  }

  private static String formatRate(double rate) {
    return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
  }

  private static String describe(AudioFormat format) {
    return formatRate(format.getSampleRate())
        + " Hz "
        + format.getSampleSizeInBits()
        + "-bit "
        + format.getChannels()
        + "-channel PCM";
  }

  private static String label(String deviceName) {
    return AudioDevices.isDefault(deviceName) ? "default" : "'" + deviceName + "'";
  }

  private static void closeQuietly(SourceDataLine out, TargetDataLine in) {
    if (out != null) {
      out.close();
    }
    if (in != null) {
      in.close();
    }
  }
}
