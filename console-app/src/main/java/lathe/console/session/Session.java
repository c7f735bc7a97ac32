package lathe.console.session;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.param.ParamSpec;

/**
 * Holds everything the console restores on start: every parameter by id (bypass switches included),
 * eight snapshot slots, the A/B state, the reference track, the files, the device settings and the
 * controller map in use.
 *
 * @param parameters plain values by parameter id, in chain order
 * @param slots the eight snapshot slots, each empty or a parameter map
 * @param ab which working state is active and the parameters of the other one
 * @param reference the reference track and how its loudness is matched
 * @param files the input and print files
 * @param device the audio device settings
 * @param controllerMap the controller map in use (a bundled name or a file), or null for none
 */
public record Session(
    Map<String, Double> parameters,
    List<Optional<Map<String, Double>>> slots,
    AbState ab,
    Reference reference,
    AudioFiles files,
    Device device,
    String controllerMap) {
  /** Version of the JSON schema this build writes. */
  public static final int SCHEMA_VERSION = 2;

  /** Number of snapshot slots. */
  public static final int SLOT_COUNT = 8;

  private static final List<ParamSpec> STANDARD_PARAMS = StandardChain.create().params();

  /** Checks the parts and freezes them into unmodifiable copies. */
  public Session {
    parameters = frozen(parameters, "parameters");
    Objects.requireNonNull(slots, "slots");
    if (slots.size() != SLOT_COUNT) {
      throw new IllegalArgumentException(
          "a session has " + SLOT_COUNT + " snapshot slots, not " + slots.size());
    }
    List<Optional<Map<String, Double>>> copy = new ArrayList<>(SLOT_COUNT);
    for (int i = 0; i < SLOT_COUNT; i++) {
      Optional<Map<String, Double>> slot = Objects.requireNonNull(slots.get(i), "slot");
      String where = "slot " + (i + 1);
      copy.add(slot.map(m -> frozen(m, where)));
    }
    slots = Collections.unmodifiableList(copy);
    Objects.requireNonNull(ab, "ab");
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(device, "device");
  }

  /** Returns the session of a fresh console: the standard chain at its defaults, slots empty. */
  public static Session defaults() {
    Map<String, Double> values = defaultParameters();
    return new Session(
        values,
        Collections.nCopies(SLOT_COUNT, Optional.empty()),
        new AbState(Side.A, values),
        new Reference(null, MatchMode.SHORT_TERM),
        new AudioFiles(null, null),
        Device.DEFAULT,
        null);
  }

  /** Returns the default plain value of every parameter of the standard chain, in chain order. */
  public static Map<String, Double> defaultParameters() {
    Map<String, Double> values = new LinkedHashMap<>();
    for (ParamSpec p : STANDARD_PARAMS) {
      values.put(p.id(), p.defaultValue());
    }
    return Collections.unmodifiableMap(values);
  }

  /** Returns the parameters of the standard chain, bypass switches included, in chain order. */
  public static List<ParamSpec> standardParams() {
    return STANDARD_PARAMS;
  }

  /** Returns the schema version of this session, always {@link #SCHEMA_VERSION} in memory. */
  public int schemaVersion() {
    return SCHEMA_VERSION;
  }

  /** Returns a copy with one parameter set to a plain value. */
  public Session withParameter(String id, double plain) {
    Map<String, Double> values = new LinkedHashMap<>(parameters);
    values.put(id, plain);
    return withParameters(values);
  }

  /** Returns a copy with the given parameter map. */
  public Session withParameters(Map<String, Double> values) {
    return new Session(values, slots, ab, reference, files, device, controllerMap);
  }

  /**
   * Returns a copy with snapshot slot {@code index} (0 to 7) set to a parameter map, or emptied.
   */
  public Session withSlot(int index, Optional<Map<String, Double>> snapshot) {
    List<Optional<Map<String, Double>>> copy = new ArrayList<>(slots);
    copy.set(index, snapshot);
    return new Session(parameters, copy, ab, reference, files, device, controllerMap);
  }

  /** Returns a copy with another A/B state. */
  public Session withAb(AbState state) {
    return new Session(parameters, slots, state, reference, files, device, controllerMap);
  }

  /** Returns a copy with another reference track and matching mode. */
  public Session withReference(Reference track) {
    return new Session(parameters, slots, ab, track, files, device, controllerMap);
  }

  /** Returns a copy with other input and print files. */
  public Session withFiles(AudioFiles io) {
    return new Session(parameters, slots, ab, reference, io, device, controllerMap);
  }

  /** Returns a copy with other device settings. */
  public Session withDevice(Device settings) {
    return new Session(parameters, slots, ab, reference, files, settings, controllerMap);
  }

  /** Returns a copy with another controller map, or none when null. */
  public Session withControllerMap(String map) {
    return new Session(parameters, slots, ab, reference, files, device, map);
  }

  static Map<String, Double> frozen(Map<String, Double> values, String where) {
    Objects.requireNonNull(values, where);
    Map<String, Double> copy = new LinkedHashMap<>();
    for (Map.Entry<String, Double> e : values.entrySet()) {
      String id = Objects.requireNonNull(e.getKey(), where + ": parameter id");
      Double v = e.getValue();
      if (v == null || !Double.isFinite(v)) {
        throw new IllegalArgumentException(where + ": " + id + " is not a finite number: " + v);
      }
      copy.put(id, v);
    }
    return Collections.unmodifiableMap(copy);
  }

  /** Names one of the two working states. */
  public enum Side {
    /** The first working state. */
    A,
    /** The second working state. */
    B;

    /** Returns the other side. */
    public Side other() {
      return this == A ? B : A;
    }
  }

  /** Names how the reference track's loudness is matched to the master. */
  public enum MatchMode {
    /** Matches on short-term loudness (3 s window), following the music. */
    SHORT_TERM("short-term"),
    /** Matches on integrated loudness over the whole track. */
    INTEGRATED("integrated");

    private final String json;

    MatchMode(String json) {
      this.json = json;
    }

    /** Returns the name used in JSON and on the command line. */
    public String jsonName() {
      return json;
    }

    /** Returns the mode with the given JSON name, or throws naming the accepted ones. */
    public static MatchMode fromJson(String name) {
      for (MatchMode m : values()) {
        if (m.json.equals(name)) {
          return m;
        }
      }
      throw new IllegalArgumentException(
          "matching mode '" + name + "' is not short-term or integrated");
    }
  }

  /**
   * Holds the A/B state: which working state is active (its parameters are the session's) and the
   * parameters of the other one.
   *
   * @param active the working state the console plays
   * @param other the parameters of the inactive working state
   */
  public record AbState(Side active, Map<String, Double> other) {
    /** Checks the parts and freezes the map. */
    public AbState {
      Objects.requireNonNull(active, "active");
      other = frozen(other, "A/B other");
    }
  }

  /**
   * Holds the reference track for A/B at matched loudness.
   *
   * @param track the reference audio file, or null for none
   * @param mode how loudness is matched
   */
  public record Reference(Path track, MatchMode mode) {
    /** Checks that a mode is given. */
    public Reference {
      Objects.requireNonNull(mode, "mode");
    }
  }

  /**
   * Holds the files the console plays and prints.
   *
   * @param input the file played through the chain, or null for the live input
   * @param print the file the master is printed to, or null for none
   */
  public record AudioFiles(Path input, Path print) {}

  /**
   * Holds the audio device settings.
   *
   * @param backend the audio back-end name ({@code javasound}, {@code jack}, {@code null}, ...)
   * @param sampleRateHertz frames per second, in hertz
   * @param blockFrames frames per callback
   * @param buffers device buffers of one block each
   */
  public record Device(String backend, double sampleRateHertz, int blockFrames, int buffers) {
    /** The settings of a fresh console: Java Sound, 48 kHz, 256 frames, 3 buffers. */
    public static final Device DEFAULT = new Device("javasound", 48000, 256, 3);

    /** Checks the values, naming the one out of range. */
    public Device {
      Objects.requireNonNull(backend, "backend");
      if (!(sampleRateHertz > 0) || !Double.isFinite(sampleRateHertz)) {
        throw new IllegalArgumentException("sample rate " + sampleRateHertz + " Hz is not valid");
      }
      if (blockFrames <= 0 || buffers <= 0) {
        throw new IllegalArgumentException(
            "block " + blockFrames + " frames and " + buffers + " buffers must be positive");
      }
    }
  }
}
