package lathe.controller.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javax.sound.midi.InvalidMidiDataException;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.ShortMessage;
import lathe.controller.map.Action;
import lathe.controller.map.Binding;
import lathe.controller.map.ButtonMode;
import lathe.controller.map.Control;
import lathe.controller.map.ControllerMap;
import lathe.controller.map.Feedback;
import lathe.controller.map.Layer;
import lathe.controller.map.MeterOutput;
import lathe.controller.map.MidiInput;
import lathe.controller.map.MidiType;
import lathe.controller.map.Page;
import lathe.controller.map.Takeover;
import lathe.dsp.chain.StandardChain;
import lathe.dsp.command.Command;
import lathe.dsp.param.ParamSpec;

/**
 * Turns one controller's MIDI messages into console commands through a map, and the console's state
 * into the controller's feedback messages.
 *
 * <p>The engine is pure: no threads, ports or clocks; it runs on the MIDI input thread, reads the
 * console through a {@link ParameterView} and never touches DSP objects. It keeps the page, the
 * shift layer, soft takeover, where each absolute control physically is, 14-bit and NRPN assembly,
 * encoder timing, held slot buttons and blinking lamps. Not thread-safe: one thread calls it.
 */
public final class MappingEngine {
  /** How close (normalized) an absolute control must come to its parameter to pick it up. */
  public static final double TAKEOVER_TOLERANCE = 3.0 / 128.0;

  /** How long a blinking lamp stays lit, and then dark, in microseconds (a 2 Hz blink). */
  public static final long BLINK_MICROS = 250_000;

  private static final int KIND_CC = 0;
  private static final int KIND_NOTE = 1;
  private static final int KIND_PITCHBEND = 2;
  private static final int KIND_NRPN = 3;
  private static final int RECENT = 8;

  private final ControllerMap map;
  private final ParameterView view;
  private final Map<String, ParamSpec> specs = new HashMap<>();
  private final List<Map<Integer, Slot>> index = new ArrayList<>();
  private final Map<Control, State> states = new IdentityHashMap<>();
  private final boolean[] nrpnChannels = new boolean[16];
  private final int[] nrpnMsb = new int[16];
  private final int[] nrpnLsb = new int[16];
  private final int[] nrpnDataMsb = new int[16];

  /** The last value sent as feedback to each mirrored parameter control, by status and data 1. */
  private final Map<Integer, Integer> echoes = new HashMap<>();

  /** The last position, 0..1 along its travel, of each absolute control, by MIDI address. */
  private final Map<Integer, Double> knobs = new HashMap<>();

  /** The slot buttons held down now, by MIDI address. */
  private final Map<Integer, Hold> holds = new HashMap<>();

  /** The last value sent to each slot, A/B and reference lamp, by its message's address. */
  private final Map<Integer, Integer> lamps = new HashMap<>();

  private int page;
  private boolean shifted;
  private long lastTickMicros = -1;

  /** Holds a slot button's press until it is released or held long enough to save. */
  private static final class Hold {
    final int slot;
    final long pressMicros;
    final long holdMicros;
    boolean saved;

    Hold(int slot, long pressMicros, long holdMicros) {
      this.slot = slot;
      this.pressMicros = pressMicros;
      this.holdMicros = holdMicros;
    }
  }

  /** Holds the bindings of one MIDI address on one page. */
  private static final class Slot {
    Control normal;
    Control shift;
  }

  /** Holds the per-control state: takeover, timing, half-received 14-bit values. */
  private static final class State {
    boolean engaged;
    double lastPosition = Double.NaN;
    long lastMicros = -1;
    int pendingMsb = -1;
    int pendingLsb = -1;
    final double[] recent = new double[RECENT];
    int recentCount;

    void remember(double value) {
      recent[recentCount % RECENT] = value;
      recentCount++;
    }

    /** Tells whether a value is the one this control sent last (the console still shows it). */
    boolean isLatest(double value) {
      return recentCount > 0
          && Math.abs(recent[(recentCount - 1) % RECENT] - value) <= TAKEOVER_TOLERANCE;
    }

    boolean isOurs(double value) {
      for (int i = 0; i < Math.min(recentCount, RECENT); i++) {
        if (Math.abs(recent[i] - value) <= TAKEOVER_TOLERANCE) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Creates an engine for a map.
   *
   * @param map the loaded map
   * @param params the parameters the console has (for tapers and ranges)
   * @param view the console's current parameter positions
   */
  public MappingEngine(ControllerMap map, List<ParamSpec> params, ParameterView view) {
    this.map = map;
    this.view = view;
    for (ParamSpec p : params) {
      specs.put(p.id(), p);
    }
    for (Page p : map.pages()) {
      Map<Integer, Slot> slots = new HashMap<>();
      for (Control c : p.controls()) {
        states.put(c, new State());
        MidiInput in = c.input();
        if (in.type() == MidiType.NRPN) {
          nrpnChannels[in.channel() - 1] = true;
        }
        register(slots, address(in.type(), in.channel() - 1, in.number()), c);
        if (in.type() == MidiType.CC14) {
          register(slots, address(MidiType.CC, in.channel() - 1, in.lsbNumber()), c);
        }
      }
      index.add(slots);
    }
    java.util.Arrays.fill(nrpnMsb, -1);
    java.util.Arrays.fill(nrpnLsb, -1);
    java.util.Arrays.fill(nrpnDataMsb, -1);
  }

  /** Creates an engine for a map driving the standard chain's parameters. */
  public MappingEngine(ControllerMap map, ParameterView view) {
    this(map, StandardChain.create().params(), view);
  }

  private static void register(Map<Integer, Slot> slots, int address, Control c) {
    Slot s = slots.computeIfAbsent(address, a -> new Slot());
    if (c.layer() == Layer.SHIFT) {
      s.shift = c;
    } else {
      s.normal = c;
    }
  }

  private static int address(MidiType type, int channel, int number) {
    int kind =
        switch (type) {
          case CC, CC14 -> KIND_CC;
          case NOTE -> KIND_NOTE;
          case PITCHBEND -> KIND_PITCHBEND;
          case NRPN -> KIND_NRPN;
        };
    return kind << 20 | channel << 14 | number;
  }

  private static int address(MidiInput in) {
    return address(in.type(), in.channel() - 1, in.number());
  }

  /** Returns the map the engine runs. */
  public ControllerMap map() {
    return map;
  }

  /** Returns the current page, 1-based. */
  public int page() {
    return page + 1;
  }

  /** Returns the current page's name. */
  public String pageName() {
    return map.pages().get(page).name();
  }

  /** Tells whether the shift layer is held. */
  public boolean shifted() {
    return shifted;
  }

  /**
   * Turns a message into commands, without timing (no encoder acceleration, and a slot button
   * recalls on press since its hold cannot be measured) and dropping feedback.
   */
  public List<Command> onMessage(MidiMessage message) {
    List<Command> out = new ArrayList<>(2);
    onMessage(message, -1, out::add, m -> {});
    return out;
  }

  /**
   * Turns a message into commands and, after a page or shift change, the new page's feedback.
   *
   * @param message the message as received
   * @param timestampMicros when it arrived, in microseconds on the steady clock {@link #tick} uses,
   *     or -1 if unknown
   * @param commands receives the commands for the console
   * @param feedback receives the messages to send back to the controller
   */
  public void onMessage(
      MidiMessage message,
      long timestampMicros,
      Consumer<Command> commands,
      Consumer<MidiMessage> feedback) {
    if (!(message instanceof ShortMessage sm) || sm.getLength() < 2) {
      return;
    }
    int status = sm.getStatus();
    int kind = sm.getCommand();
    int ch = sm.getChannel();
    int d1 = sm.getData1();
    int d2 = sm.getData2();
    if (timestampMicros >= 0) {
      expireHolds(timestampMicros, commands);
    }
    Integer echo = echoes.get(status << 8 | d1);
    if (echo != null && echo == d2) {
      // the controller sent back what we showed it (an echoing or motorised control)
      echoes.remove(status << 8 | d1);
      return;
    }
    switch (kind) {
      case ShortMessage.NOTE_ON, ShortMessage.NOTE_OFF -> {
        boolean press = kind == ShortMessage.NOTE_ON && d2 > 0;
        if (!press && release(address(MidiType.NOTE, ch, d1), timestampMicros, commands)) {
          return;
        }
        Control c = resolve(address(MidiType.NOTE, ch, d1));
        if (c != null) {
          handle(c, press ? d2 : 0, press, timestampMicros, commands, feedback);
        }
      }
      case ShortMessage.PITCH_BEND -> {
        Control c = resolve(address(MidiType.PITCHBEND, ch, 0));
        if (c != null) {
          handle(c, d2 << 7 | d1, false, timestampMicros, commands, feedback);
        }
      }
      case ShortMessage.CONTROL_CHANGE -> {
        if (nrpnChannels[ch] && nrpn(ch, d1, d2, timestampMicros, commands, feedback)) {
          return;
        }
        if (d2 < 64 && release(address(MidiType.CC, ch, d1), timestampMicros, commands)) {
          return;
        }
        Control c = resolve(address(MidiType.CC, ch, d1));
        if (c == null) {
          return;
        }
        if (c.input().type() == MidiType.CC14) {
          pair(c, d1, d2, timestampMicros, commands, feedback);
        } else {
          handle(c, d2, d2 >= 64, timestampMicros, commands, feedback);
        }
      }
      default -> {}
    }
  }

  /** Assembles a 14-bit pair; the value goes out when the second half of the pair arrives. */
  private void pair(
      Control c,
      int number,
      int value,
      long micros,
      Consumer<Command> commands,
      Consumer<MidiMessage> feedback) {
    State st = states.get(c);
    MidiInput in = c.input();
    boolean isMsb = number == in.number();
    if (in.lsbFirst()) {
      if (!isMsb) {
        st.pendingLsb = value;
      } else {
        int lsb = st.pendingLsb < 0 ? 0 : st.pendingLsb;
        st.pendingLsb = -1;
        handle(c, value << 7 | lsb, false, micros, commands, feedback);
      }
    } else {
      if (isMsb) {
        st.pendingMsb = value;
      } else if (st.pendingMsb >= 0) {
        handle(c, st.pendingMsb << 7 | value, false, micros, commands, feedback);
      }
    }
  }

  /** Follows the NRPN protocol on a channel; returns whether the CC belonged to it. */
  private boolean nrpn(
      int ch,
      int cc,
      int value,
      long micros,
      Consumer<Command> commands,
      Consumer<MidiMessage> feedback) {
    switch (cc) {
      case 99 -> {
        nrpnMsb[ch] = value;
        nrpnDataMsb[ch] = -1;
        return true;
      }
      case 98 -> {
        nrpnLsb[ch] = value;
        nrpnDataMsb[ch] = -1;
        return true;
      }
      case 6 -> {
        nrpnDataMsb[ch] = value;
        return true;
      }
      case 38 -> {
        if (nrpnMsb[ch] >= 0 && nrpnLsb[ch] >= 0 && nrpnDataMsb[ch] >= 0) {
          Control c = resolve(address(MidiType.NRPN, ch, nrpnMsb[ch] << 7 | nrpnLsb[ch]));
          if (c != null) {
            handle(c, nrpnDataMsb[ch] << 7 | value, false, micros, commands, feedback);
          }
        }
        return true;
      }
      default -> {
        return false;
      }
    }
  }

  private Control resolve(int address) {
    Slot s = index.get(page).get(address);
    if (s == null) {
      return null;
    }
    return shifted && s.shift != null ? s.shift : s.normal;
  }

  private void handle(
      Control c,
      int value,
      boolean press,
      long micros,
      Consumer<Command> commands,
      Consumer<MidiMessage> feedback) {
    switch (c.binding()) {
      case Binding.Param p -> param(c, p, value, micros, commands);
      case Binding.Act a -> {
        if (a.longPress() && micros >= 0) {
          if (press) {
            holds.put(
                address(c.input()), new Hold(a.action().number(), micros, a.holdMillis() * 1000L));
          }
          return;
        }
        boolean pressed = a.button() == ButtonMode.TOGGLE || press;
        boolean release = a.button() == ButtonMode.MOMENTARY && !press;
        action(a, pressed, release, commands, feedback);
      }
    }
  }

  private void param(Control c, Binding.Param p, int value, long micros, Consumer<Command> out) {
    if (!p.mode().isRelative()) {
      knobs.put(address(c.input()), value / (double) c.input().type().maxValue());
    }
    ParamSpec spec = specs.get(p.id());
    if (spec == null) {
      return;
    }
    State st = states.get(c);
    if (p.mode().isRelative()) {
      int steps = p.mode().steps(value);
      if (p.invert()) {
        steps = -steps;
      }
      double multiplier = 1;
      if (p.acceleration() > 1 && micros >= 0 && st.lastMicros >= 0) {
        double ms = (micros - st.lastMicros) / 1000.0;
        double window = p.accelerationMillis();
        if (ms < window) {
          multiplier = 1 + (p.acceleration() - 1) * (window - Math.max(ms, 0)) / window;
        }
      }
      st.lastMicros = micros;
      if (steps != 0) {
        double span = Math.abs(target(p, spec, 1) - target(p, spec, 0));
        out.accept(new Command.Nudge(p.id(), steps * p.step() * multiplier * span));
      }
      return;
    }
    double position = value / (double) c.input().type().maxValue();
    double t = target(p, spec, position);
    double current = view.normalized(p.id());
    if (Double.isNaN(current) || p.takeover() == Takeover.JUMP) {
      send(st, p.id(), t, current, out);
      return;
    }
    if (st.engaged && !st.isOurs(current)) {
      st.engaged = false;
    }
    if (p.takeover() == Takeover.PICKUP) {
      if (!st.engaged) {
        boolean near = Math.abs(t - current) <= TAKEOVER_TOLERANCE;
        boolean crossed =
            !Double.isNaN(st.lastPosition) && (st.lastPosition - current) * (t - current) <= 0;
        st.engaged = near || crossed;
      }
      st.lastPosition = t;
      if (st.engaged) {
        send(st, p.id(), t, current, out);
      }
      return;
    }
    // scale: close the gap in proportion to the remaining travel on the side the knob moves to
    double last = st.lastPosition;
    st.lastPosition = t;
    if (st.engaged || Math.abs(t - current) <= TAKEOVER_TOLERANCE) {
      st.engaged = true;
      send(st, p.id(), t, current, out);
    } else if (!Double.isNaN(last) && t != last) {
      double v =
          t > last
              ? current + (t - last) * (1 - current) / (1 - last)
              : current - (last - t) * current / last;
      v = Math.clamp(v, 0.0, 1.0);
      st.engaged = Math.abs(v - t) <= TAKEOVER_TOLERANCE;
      send(st, p.id(), v, current, out);
    }
  }

  private static void send(
      State st, String id, double value, double current, Consumer<Command> out) {
    double v = Math.clamp(value, 0.0, 1.0);
    if (!Double.isNaN(current)) {
      st.remember(current);
    }
    st.remember(v);
    out.accept(new Command.SetNormalized(id, v));
  }

  /** Maps a position 0..1 along the control's travel to the parameter's normalized position. */
  static double target(Binding.Param p, ParamSpec spec, double position) {
    double pos = p.invert() ? 1 - position : position;
    if (!p.hasRange() && p.curve() == Binding.Curve.PARAM) {
      return pos;
    }
    double lo = p.hasRange() ? p.min() : spec.min();
    double hi = p.hasRange() ? p.max() : spec.max();
    double plain =
        p.curve() == Binding.Curve.PARAM
            ? spec.taper().toPlain(pos, lo, hi)
            : lo + Math.clamp(pos, 0.0, 1.0) * (hi - lo);
    return Math.clamp(spec.toNormalized(plain), 0.0, 1.0);
  }

  /** Maps a parameter's normalized position back to the control's position 0..1. */
  static double position(Binding.Param p, ParamSpec spec, double normalized) {
    double pos;
    if (!p.hasRange() && p.curve() == Binding.Curve.PARAM) {
      pos = normalized;
    } else {
      double lo = p.hasRange() ? p.min() : spec.min();
      double hi = p.hasRange() ? p.max() : spec.max();
      double plain = spec.taper().toPlain(normalized, spec.min(), spec.max());
      pos =
          p.curve() == Binding.Curve.PARAM
              ? spec.taper().toNormalized(plain, lo, hi)
              : (Math.clamp(plain, lo, hi) - lo) / (hi - lo);
    }
    pos = Math.clamp(pos, 0.0, 1.0);
    return p.invert() ? 1 - pos : pos;
  }

  private void action(
      Binding.Act a,
      boolean press,
      boolean release,
      Consumer<Command> out,
      Consumer<MidiMessage> feedback) {
    Action act = a.action();
    if (release) {
      if (act.kind() == Action.Kind.BYPASS) {
        out.accept(new Command.SetBypass(act.module(), false));
      } else if (act.kind() == Action.Kind.SHIFT && shifted) {
        shifted = false;
        changed(feedback);
      }
      return;
    }
    if (!press) {
      return;
    }
    int pages = map.pages().size();
    switch (act.kind()) {
      case BYPASS -> out.accept(new Command.SetBypass(act.module(), true));
      case TOGGLE_BYPASS -> out.accept(new Command.ToggleBypass(act.module()));
      case RECALL -> out.accept(new Command.RecallSlot(act.number()));
      case SAVE -> out.accept(new Command.SaveSlot(act.number()));
      case AB -> out.accept(new Command.ToggleAb());
      case REFERENCE -> out.accept(new Command.ToggleReference());
      case TRANSPORT -> out.accept(new Command.Transport(act.transport(), act.seconds()));
      case UNDO -> out.accept(new Command.Undo());
      case REDO -> out.accept(new Command.Redo());
      case PAGE_NEXT -> goTo((page + 1) % pages, feedback);
      case PAGE_PREV -> goTo((page + pages - 1) % pages, feedback);
      case PAGE -> goTo(Math.min(act.number(), pages) - 1, feedback);
      case SHIFT -> {
        shifted = a.button() == ButtonMode.TOGGLE ? !shifted : true;
        changed(feedback);
      }
    }
  }

  /**
   * Ends a held slot button at an address: a release before the hold time recalls the slot, one
   * after it saves the slot unless that already happened; returns whether a button was held there.
   */
  private boolean release(int address, long micros, Consumer<Command> out) {
    Hold h = holds.remove(address);
    if (h == null) {
      return false;
    }
    if (!h.saved) {
      if (micros >= 0 && micros - h.pressMicros >= h.holdMicros) {
        out.accept(new Command.SaveSlot(h.slot));
      } else {
        out.accept(new Command.RecallSlot(h.slot));
      }
    }
    return true;
  }

  /** Saves the slot of every button held for its hold time by {@code nowMicros}. */
  private void expireHolds(long nowMicros, Consumer<Command> out) {
    if (holds.isEmpty()) {
      return;
    }
    for (Hold h : holds.values()) {
      if (!h.saved && nowMicros - h.pressMicros >= h.holdMicros) {
        h.saved = true;
        out.accept(new Command.SaveSlot(h.slot));
      }
    }
  }

  /**
   * Lets time pass: saves the slot of a button held for its hold time and blinks the lamp of the
   * active slot; call it every 20 ms or so.
   *
   * @param nowMicros the time on the clock of {@code onMessage}'s timestamps, in microseconds
   * @param commands receives the commands for the console
   * @param feedback receives the lamp messages that changed
   */
  public void tick(long nowMicros, Consumer<Command> commands, Consumer<MidiMessage> feedback) {
    lastTickMicros = nowMicros;
    expireHolds(nowMicros, commands);
    for (Control c : map.pages().get(page).controls()) {
      if (c.feedback() == null || !showsAction(c) || !active(c)) {
        continue;
      }
      Feedback f = c.feedback();
      int value = actionLamp((Binding.Act) c.binding(), f);
      Integer last = lamps.get(lampKey(f));
      if (last == null || last != value) {
        lamps.put(lampKey(f), value);
        feedback.accept(message(f.bytes(value)));
      }
    }
  }

  /**
   * Returns the lamps of every slot, A/B and reference button on the current page and layer; the
   * console calls it after a recall, a save, or an A/B or reference switch.
   */
  public List<MidiMessage> feedbackActions() {
    List<MidiMessage> out = new ArrayList<>();
    for (Control c : map.pages().get(page).controls()) {
      if (c.feedback() != null && showsAction(c) && active(c)) {
        feedback(c, out);
      }
    }
    return out;
  }

  /**
   * Returns, for every absolute control on the current page and layer that does not hold its
   * parameter and is away from it, where it is and which way to turn it to pick the parameter up.
   * Controls that jump and relative encoders never need it.
   */
  public List<PickupHint> pickupHints() {
    List<PickupHint> out = new ArrayList<>();
    for (Control c : map.pages().get(page).controls()) {
      if (!active(c)
          || !(c.binding() instanceof Binding.Param p)
          || p.mode().isRelative()
          || p.takeover() == Takeover.JUMP) {
        continue;
      }
      ParamSpec spec = specs.get(p.id());
      double current = view.normalized(p.id());
      if (spec == null || Double.isNaN(current)) {
        continue;
      }
      State st = states.get(c);
      if (st.engaged && st.isLatest(current)) {
        continue;
      }
      double target = position(p, spec, current);
      Double seen = knobs.get(address(c.input()));
      if (seen == null) {
        out.add(new PickupHint(c.name(), p.id(), Double.NaN, target, 0));
      } else if (Math.abs(seen - target) > TAKEOVER_TOLERANCE) {
        out.add(new PickupHint(c.name(), p.id(), seen, target, seen < target ? 1 : -1));
      }
    }
    return out;
  }

  /** Tells whether a control is a slot, A/B or reference button, whose lamp shows console state. */
  private static boolean showsAction(Control c) {
    return c.binding() instanceof Binding.Act a
        && switch (a.action().kind()) {
          case RECALL, SAVE, AB, REFERENCE -> true;
          default -> false;
        };
  }

  /** Returns the value a slot, A/B or reference lamp shows now. */
  private int actionLamp(Binding.Act a, Feedback f) {
    Action act = a.action();
    return switch (act.kind()) {
      case RECALL, SAVE ->
          switch (view.slot(act.number())) {
            case EMPTY -> f.emptyValue();
            case FILLED -> f.filledValue();
            case ACTIVE ->
                !f.blinksActive() ? f.active() : blinkLit() ? f.filledValue() : f.emptyValue();
          };
      case AB -> view.abIsB() ? f.max() : f.min();
      case REFERENCE -> view.referenceOn() ? f.max() : f.min();
      default -> f.min();
    };
  }

  /** Tells whether a blinking lamp is lit at the last tick (lit before the first tick). */
  private boolean blinkLit() {
    return lastTickMicros < 0 || Math.floorMod(lastTickMicros / BLINK_MICROS, 2L) == 0;
  }

  /** Identifies the lamp a feedback message drives: its bytes without the value. */
  private static int lampKey(Feedback f) {
    byte[] b = f.bytes(0);
    int key = f.valueIndex() << 24;
    for (int i = 0; i < b.length; i++) {
      key |= (b[i] & 0xFF) << (16 - 8 * i);
    }
    return key;
  }

  private void goTo(int newPage, Consumer<MidiMessage> feedback) {
    page = newPage;
    changed(feedback);
  }

  /** Makes every absolute control pick its parameter up again and shows the new state. */
  private void changed(Consumer<MidiMessage> feedback) {
    for (State st : states.values()) {
      st.engaged = false;
      st.lastPosition = Double.NaN;
      st.pendingMsb = -1;
      st.pendingLsb = -1;
    }
    feedbackAll().forEach(feedback);
  }

  /** Returns the feedback that shows the whole state of the current page and layer. */
  public List<MidiMessage> feedbackAll() {
    List<MidiMessage> out = new ArrayList<>();
    for (Control c : map.pages().get(page).controls()) {
      if (active(c)) {
        feedback(c, out);
      }
    }
    return out;
  }

  /**
   * Returns the feedback for the controls showing a parameter (or, for {@code MODULE.bypass}, the
   * module's bypass lamps), after the console changed it. A change the engine did not send itself
   * makes the parameter's absolute controls pick it up again.
   *
   * @param paramId the parameter's stable id
   */
  public List<MidiMessage> feedbackFor(String paramId) {
    List<MidiMessage> out = new ArrayList<>(1);
    double current = view.normalized(paramId);
    for (Control c : map.pages().get(page).controls()) {
      if (!active(c)) {
        continue;
      }
      boolean shows =
          switch (c.binding()) {
            case Binding.Param p -> {
              if (p.id().equals(paramId)) {
                State st = states.get(c);
                // Changed by someone else (a recall, an undo, another surface): unless it is where
                // this control last put it, the control must pick the parameter up again.
                if (st.engaged && !Double.isNaN(current) && !st.isLatest(current)) {
                  st.engaged = false;
                }
                yield true;
              }
              yield false;
            }
            case Binding.Act a ->
                (a.action().kind() == Action.Kind.BYPASS
                        || a.action().kind() == Action.Kind.TOGGLE_BYPASS)
                    && paramId.equals(a.action().module() + ".bypass");
          };
      if (shows) {
        feedback(c, out);
      }
    }
    return out;
  }

  /**
   * Returns the messages that show a meter reading on the controller's LEDs.
   *
   * @param meter the reading's name (see {@link MeterOutput#METERS})
   * @param value the reading in its own unit (dB, LU, or -1..1 for correlation)
   */
  public List<MidiMessage> meterFeedback(String meter, double value) {
    List<MidiMessage> out = new ArrayList<>(1);
    for (MeterOutput m : map.meters()) {
      if (m.meter().equals(meter)) {
        double p = (value - m.from()) / (m.to() - m.from());
        out.add(message(m.feedback().bytes(m.feedback().scale(p))));
      }
    }
    return out;
  }

  private boolean active(Control c) {
    if (c.layer() == Layer.SHIFT) {
      return shifted;
    }
    if (!shifted) {
      return true;
    }
    Slot s =
        index.get(page).get(address(c.input().type(), c.input().channel() - 1, c.input().number()));
    return s == null || s.shift == null;
  }

  private void feedback(Control c, List<MidiMessage> out) {
    Feedback f = c.feedback();
    if (f == null) {
      return;
    }
    int value;
    switch (c.binding()) {
      case Binding.Param p -> {
        ParamSpec spec = specs.get(p.id());
        double n = view.normalized(p.id());
        if (spec == null || Double.isNaN(n)) {
          return;
        }
        value = f.scale(position(p, spec, n));
        byte[] b = f.bytes(value);
        if (mirrors(c.input(), b)) {
          echoes.put((b[0] & 0xFF) << 8 | b[1], value);
        }
        out.add(message(b));
        return;
      }
      case Binding.Act a -> {
        if (showsAction(c)) {
          value = actionLamp(a, f);
          lamps.put(lampKey(f), value);
          out.add(message(f.bytes(value)));
          return;
        }
        Action act = a.action();
        boolean lit =
            switch (act.kind()) {
              case PAGE -> act.number() == page + 1;
              case SHIFT -> shifted;
              case BYPASS, TOGGLE_BYPASS -> view.normalized(act.module() + ".bypass") >= 0.5;
              default -> false;
            };
        value = lit ? f.max() : f.min();
      }
    }
    out.add(message(f.bytes(value)));
  }

  private static boolean mirrors(MidiInput in, byte[] b) {
    int status = b[0] & 0xFF;
    int ch = in.channel() - 1;
    return b.length == 3
        && b[1] == in.number()
        && (in.type() == MidiType.CC && status == (0xB0 | ch)
            || in.type() == MidiType.NOTE && status == (0x90 | ch));
  }

  private static ShortMessage message(byte[] b) {
    try {
      return new ShortMessage(b[0] & 0xFF, b[1], b.length > 2 ? b[2] : 0);
    } catch (InvalidMidiDataException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
