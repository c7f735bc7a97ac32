package lathe.controller.learn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.ShortMessage;
import lathe.controller.map.MidiType;
import lathe.controller.map.ValueMode;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.param.ParamSpec;

/**
 * Learns one control per target from the MIDI messages a controller sends, in the targets' order.
 *
 * <p>For the current target the session records the next control moved and ignores the controls
 * already learned. A parameter takes a continuous control: a 7-bit CC (absolute, or relative in the
 * encoding its values show, see {@link MotionClassifier}), a 14-bit CC pair (MSB n and LSB n + 32
 * moving together), pitch bend or NRPN; it is decided after {@link MotionClassifier#MIN_VALUES}
 * messages of one burst. An action takes a button: a note pressed and released (note-off, or
 * note-on with velocity 0) or a CC that goes to 64..127 and back to 0.
 *
 * <p>The session is pure: no threads, ports or clocks. Not thread-safe: one thread feeds it.
 */
public final class LearnSession {
  /** Sets the silence, in microseconds, after which a control's next message starts a new burst. */
  public static final long BURST_GAP_MICROS = 500_000;

  private static final int KIND_CC = 0;
  private static final int KIND_NOTE = 1;
  private static final int KIND_PITCHBEND = 2;
  private static final int KIND_NRPN = 3;

  private final List<LearnTarget> targets;
  private final List<LearnedControl> learned = new ArrayList<>();
  private final List<LearnTarget> skipped = new ArrayList<>();
  private final Set<Integer> taken = new HashSet<>();
  private final Map<Integer, Candidate> candidates = new HashMap<>();
  private final int[] nrpnMsb = new int[16];
  private final int[] nrpnLsb = new int[16];
  private final int[] nrpnDataMsb = new int[16];
  private int next;
  private int arrivals;

  /** Holds what one control sent for the current target. */
  private static final class Candidate {
    final List<Integer> values = new ArrayList<>();
    long lastMicros = Long.MIN_VALUE;
    int firstArrival;
    boolean pressed;
  }

  /**
   * Creates a session that learns the given targets in order.
   *
   * @param targets the parameters and actions to learn, each once
   * @param params the parameters a map may drive
   * @throws IllegalArgumentException naming the first target a map may not use, or a repeated one
   */
  public LearnSession(List<LearnTarget> targets, List<ParamSpec> params) {
    Set<String> seen = new HashSet<>();
    for (LearnTarget t : targets) {
      Optional<String> problem = t.problem(params);
      if (problem.isPresent()) {
        throw new IllegalArgumentException(t.text() + ": " + problem.get());
      }
      if (!seen.add(t.text())) {
        throw new IllegalArgumentException(t.text() + ": listed twice");
      }
    }
    if (targets.isEmpty()) {
      throw new IllegalArgumentException("nothing to learn");
    }
    this.targets = List.copyOf(targets);
    Arrays.fill(nrpnMsb, -1);
    Arrays.fill(nrpnLsb, -1);
    Arrays.fill(nrpnDataMsb, -1);
  }

  /** Creates a session that learns the given targets for the standard chain's parameters. */
  public LearnSession(List<LearnTarget> targets) {
    this(targets, StandardChain.create().params());
  }

  /**
   * Returns the mastering set learned when none is chosen: gains, EQ, compressor, limiter, width.
   */
  public static List<LearnTarget> defaultTargets() {
    return List.of(
            "trim.gain",
            "eq.band1.gain",
            "eq.band2.gain",
            "eq.band3.gain",
            "eq.band4.gain",
            "eq.band5.gain",
            "comp.threshold",
            "comp.ratio",
            "comp.makeup",
            "limiter.gain",
            "limiter.ceiling",
            "stereo.width")
        .stream()
        .map(LearnTarget::parse)
        .toList();
  }

  /** Returns the targets in the order they are learned. */
  public List<LearnTarget> targets() {
    return targets;
  }

  /** Returns the target whose control is awaited, or empty when every target is done. */
  public Optional<LearnTarget> current() {
    return done() ? Optional.empty() : Optional.of(targets.get(next));
  }

  /** Tells whether every target was learned or skipped. */
  public boolean done() {
    return next >= targets.size();
  }

  /** Returns the controls learned so far, in the targets' order. */
  public List<LearnedControl> learned() {
    return List.copyOf(learned);
  }

  /** Returns the targets skipped so far. */
  public List<LearnTarget> skipped() {
    return List.copyOf(skipped);
  }

  /** Gives up on the current target (nothing was moved in time) and goes on to the next. */
  public void skip() {
    if (!done()) {
      skipped.add(targets.get(next));
      advance();
    }
  }

  /**
   * Takes one message from the controller.
   *
   * @param message the message as received
   * @param timestampMicros when it arrived, in microseconds on any steady clock, or -1 if unknown
   * @return the control learned for the current target when this message decided it (the session
   *     then awaits the next target), otherwise empty
   */
  public Optional<LearnedControl> offer(MidiMessage message, long timestampMicros) {
    if (done() || !(message instanceof ShortMessage sm) || sm.getLength() < 2) {
      return Optional.empty();
    }
    int ch = sm.getChannel();
    int d1 = sm.getData1();
    int d2 = sm.getData2();
    LearnTarget target = targets.get(next);
    LearnedControl found =
        switch (sm.getCommand()) {
          case ShortMessage.CONTROL_CHANGE -> controlChange(target, ch, d1, d2, timestampMicros);
          case ShortMessage.NOTE_ON -> note(target, ch, d1, d2 > 0, timestampMicros);
          case ShortMessage.NOTE_OFF -> note(target, ch, d1, false, timestampMicros);
          case ShortMessage.PITCH_BEND ->
              target.action()
                  ? null
                  : continuous(target, KIND_PITCHBEND, ch, 0, d2 << 7 | d1, timestampMicros);
          default -> null;
        };
    if (found == null) {
      return Optional.empty();
    }
    learned.add(found);
    taken.addAll(addresses(found));
    advance();
    return Optional.of(found);
  }

  private void advance() {
    next++;
    candidates.clear();
  }

  private LearnedControl controlChange(LearnTarget target, int ch, int cc, int value, long micros) {
    if (nrpnMsb[ch] >= 0 && nrpnLsb[ch] >= 0 && (cc == 6 || cc == 38 || cc == 98 || cc == 99)) {
      // inside an NRPN on this channel, as the mapping engine reads it
      return nrpn(target, ch, cc, value, micros);
    }
    if (cc == 99 || cc == 98) {
      if (cc == 99) {
        nrpnMsb[ch] = value;
      } else {
        nrpnLsb[ch] = value;
      }
      return null;
    }
    if (taken.contains(address(KIND_CC, ch, cc))) {
      return null;
    }
    Candidate c = feed(address(KIND_CC, ch, cc), value, micros);
    if (target.action()) {
      return ccButton(target, ch, cc, c);
    }
    if (c.values.size() < MotionClassifier.MIN_VALUES) {
      return null;
    }
    LearnedControl pair = pair(target, ch, cc, micros);
    if (pair != null) {
      return pair;
    }
    ValueMode mode = MotionClassifier.classify(c.values);
    return mode == null
        ? null
        : new LearnedControl(target, MidiType.CC, ch + 1, cc, -1, false, mode);
  }

  private LearnedControl nrpn(LearnTarget target, int ch, int cc, int value, long micros) {
    switch (cc) {
      case 99 -> {
        nrpnMsb[ch] = value;
        nrpnDataMsb[ch] = -1;
      }
      case 98 -> {
        nrpnLsb[ch] = value;
        nrpnDataMsb[ch] = -1;
      }
      case 6 -> nrpnDataMsb[ch] = value;
      default -> {
        if (nrpnDataMsb[ch] >= 0 && !target.action()) {
          int number = nrpnMsb[ch] << 7 | nrpnLsb[ch];
          return continuous(target, KIND_NRPN, ch, number, nrpnDataMsb[ch] << 7 | value, micros);
        }
      }
    }
    return null;
  }

  /** Finds a 14-bit pair: the other half of {@code cc} moving in the same burst. */
  private LearnedControl pair(LearnTarget target, int ch, int cc, long micros) {
    if (cc >= 64) {
      return null;
    }
    int msb = cc % 32;
    int lsb = msb + 32;
    int other = cc == msb ? lsb : msb;
    Candidate o = candidates.get(address(KIND_CC, ch, other));
    if (o == null || o.values.size() < 2 || !recent(o, micros)) {
      return null;
    }
    if (taken.contains(address(KIND_CC, ch, other))) {
      return null;
    }
    Candidate m = candidates.get(address(KIND_CC, ch, msb));
    Candidate l = candidates.get(address(KIND_CC, ch, lsb));
    boolean lsbFirst = l.firstArrival < m.firstArrival;
    return new LearnedControl(
        target, MidiType.CC14, ch + 1, msb, lsb, lsbFirst, ValueMode.ABSOLUTE);
  }

  private LearnedControl ccButton(LearnTarget target, int ch, int cc, Candidate c) {
    int last = c.values.get(c.values.size() - 1);
    if (last >= 64) {
      c.pressed = c.values.stream().allMatch(v -> v == 0 || v == last);
      return null;
    }
    if (c.pressed && last == 0) {
      return new LearnedControl(target, MidiType.CC, ch + 1, cc, -1, false, ValueMode.ABSOLUTE);
    }
    return null;
  }

  private LearnedControl note(LearnTarget target, int ch, int note, boolean on, long micros) {
    int address = address(KIND_NOTE, ch, note);
    if (!target.action() || taken.contains(address)) {
      return null;
    }
    Candidate c = feed(address, on ? 127 : 0, micros);
    if (on) {
      c.pressed = true;
      return null;
    }
    return c.pressed
        ? new LearnedControl(target, MidiType.NOTE, ch + 1, note, -1, false, ValueMode.ABSOLUTE)
        : null;
  }

  private LearnedControl continuous(
      LearnTarget target, int kind, int ch, int number, int value, long micros) {
    int address = address(kind, ch, number);
    if (taken.contains(address)) {
      return null;
    }
    Candidate c = feed(address, value, micros);
    if (c.values.size() < MotionClassifier.MIN_VALUES) {
      return null;
    }
    MidiType type = kind == KIND_NRPN ? MidiType.NRPN : MidiType.PITCHBEND;
    return new LearnedControl(
        target, type, ch + 1, kind == KIND_NRPN ? number : -1, -1, false, ValueMode.ABSOLUTE);
  }

  private Candidate feed(int address, int value, long micros) {
    Candidate c = candidates.computeIfAbsent(address, a -> new Candidate());
    if (!recent(c, micros)) {
      c.values.clear();
      c.pressed = false;
    }
    if (c.values.isEmpty()) {
      c.firstArrival = arrivals;
    }
    arrivals++;
    c.values.add(value);
    c.lastMicros = micros;
    return c;
  }

  private static boolean recent(Candidate c, long micros) {
    return micros < 0 || c.lastMicros < 0 || micros - c.lastMicros <= BURST_GAP_MICROS;
  }

  private static Set<Integer> addresses(LearnedControl c) {
    int ch = c.channel() - 1;
    return switch (c.type()) {
      case CC -> Set.of(address(KIND_CC, ch, c.number()));
      case CC14 -> Set.of(address(KIND_CC, ch, c.number()), address(KIND_CC, ch, c.lsb()));
      case NOTE -> Set.of(address(KIND_NOTE, ch, c.number()));
      case PITCHBEND -> Set.of(address(KIND_PITCHBEND, ch, 0));
      case NRPN -> Set.of(address(KIND_NRPN, ch, c.number()));
    };
  }

  private static int address(int kind, int channel, int number) {
    return kind << 20 | channel << 14 | number;
  }
}
