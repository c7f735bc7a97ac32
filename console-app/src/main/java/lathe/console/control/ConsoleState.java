package lathe.console.control;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lathe.console.engine.AudioEngine;
import lathe.console.engine.stream.FilePlayer;
import lathe.console.session.Session;
import lathe.controller.engine.ParameterView;
import lathe.controller.engine.SlotState;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.command.Command;
import lathe.dsp.param.ParamSpec;

/**
 * Holds what the console is doing and applies commands to it, on the control thread only: parameter
 * moves and bypasses go to the engine's lock-free targets, snapshot recalls, undo and A/B glide the
 * whole chain to another state, transport commands go to the file player.
 *
 * <p>The chain's targets are the single source of truth for parameter values; reading them here is
 * consistent because this thread is their only writer. A state is a vector of plain values in the
 * chain's parameter order.
 */
public final class ConsoleState implements ParameterView {
  /** How long a recall, undo, redo or A/B switch takes to morph the sound, in seconds. */
  public static final double RECALL_GLIDE_SECONDS = 0.050;

  /** How many steps undo keeps (the oldest fall off). */
  public static final int UNDO_STEPS = 200;

  /** Moves of one parameter closer together than this are one undo step (one turn of a knob). */
  public static final long GESTURE_NANOS = 1_500_000_000L;

  private final AudioEngine engine;
  private final MasteringChain chain;
  private final FilePlayer player;
  private final List<ParamSpec> params;
  private final double[][] slots = new double[Session.SLOT_COUNT][];
  private final ArrayDeque<double[]> undo = new ArrayDeque<>();
  private final ArrayDeque<double[]> redo = new ArrayDeque<>();
  private int activeSlot = -1;
  private Session.Side side = Session.Side.A;
  private double[] otherSide;
  private ReferenceSwitch reference;
  private String gestureId;
  private long gestureNanos;
  private String lastTouched = "";
  private volatile long version;
  private volatile String lastEvent = "";
  private volatile String summary = "";

  /** Switches what is heard between the master and a reference track. */
  public interface ReferenceSwitch {
    /** Flips between master and reference; returns whether the reference is now heard. */
    boolean toggle();

    /** Tells whether the reference is what is heard. */
    boolean isActive();
  }

  /**
   * Creates the state of a running console.
   *
   * @param engine the engine whose chain the commands move
   * @param player the file player, or {@code null} when the console plays no file
   */
  public ConsoleState(AudioEngine engine, FilePlayer player) {
    this.engine = engine;
    this.chain = engine.chain();
    this.player = player;
    this.params = chain.params();
    this.otherSide = current();
    publish();
  }

  /** Connects the reference switch that the reference A/B button flips, or none when null. */
  public void setReference(ReferenceSwitch reference) {
    this.reference = reference;
  }

  /**
   * Takes the slots and the A/B state of a stored session (its parameters are already in the
   * chain); values of parameters the chain does not have are ignored, missing ones are defaults.
   */
  public void restore(Session session) {
    for (int i = 0; i < Session.SLOT_COUNT; i++) {
      slots[i] = session.slots().get(i).map(this::vector).orElse(null);
    }
    side = session.ab().active();
    otherSide = vector(session.ab().other());
    changed("");
  }

  /**
   * Returns {@code base} with this console's parameters, slots and A/B state; the rest (files,
   * device, map, reference) is kept from {@code base}.
   */
  public Session toSession(Session base) {
    Session s = base.withParameters(map(current()));
    for (int i = 0; i < Session.SLOT_COUNT; i++) {
      s = s.withSlot(i, slots[i] == null ? Optional.empty() : Optional.of(map(slots[i])));
    }
    return s.withAb(new Session.AbState(side, map(otherSide)));
  }

  /** Returns a number that changes whenever anything a session keeps has changed. */
  public long version() {
    return version;
  }

  /** Returns a parameter's position along its taper, 0..1, or NaN for an unknown id. */
  @Override
  public double normalized(String id) {
    if (!chain.has(id)) {
      return Double.NaN;
    }
    return chain.spec(id).toNormalized(chain.get(id));
  }

  @Override
  public SlotState slot(int number) {
    int i = number - 1;
    if (i < 0 || i >= slots.length || slots[i] == null) {
      return SlotState.EMPTY;
    }
    return i == activeSlot ? SlotState.ACTIVE : SlotState.FILLED;
  }

  @Override
  public boolean abIsB() {
    return side == Session.Side.B;
  }

  @Override
  public boolean referenceOn() {
    return reference != null && reference.isActive();
  }

  /** Returns the working state in use. */
  public Session.Side side() {
    return side;
  }

  /** Returns how many steps undo and redo can take now. */
  public int[] undoDepth() {
    return new int[] {undo.size(), redo.size()};
  }

  /** Returns the id of the last parameter a command moved, or an empty string. */
  public String lastTouched() {
    return lastTouched;
  }

  /** Returns a line saying what the last recall, save, undo or switch did; safe from any thread. */
  public String lastEvent() {
    return lastEvent;
  }

  /**
   * Applies one command.
   *
   * @return the ids of the parameters it changed (a bypass switch counts), empty when none
   * @throws IllegalArgumentException when it names an unknown parameter, module or slot
   * @throws UnsupportedOperationException when the console lacks what it needs (no file playing, no
   *     reference track, an empty slot, nothing to undo)
   */
  public List<String> apply(Command command) {
    return switch (command) {
      case Command.SetNormalized c -> move(c.id(), c.normalized());
      case Command.Nudge c -> move(c.id(), clamp01(normalized(known(c.id())) + c.delta()));
      case Command.SetBypass c -> bypass(c.module(), c.bypassed());
      case Command.ToggleBypass c -> bypass(c.module(), chain.get(bypassId(c.module())) < 0.5);
      case Command.Transport c -> transport(c);
      case Command.RecallSlot c -> recallSlot(c.slot());
      case Command.SaveSlot c -> saveSlot(c.slot());
      case Command.ToggleAb c -> toggleAb();
      case Command.ToggleReference c -> toggleReference();
      case Command.Undo c -> undo();
      case Command.Redo c -> redo();
    };
  }

  private List<String> move(String id, double normalized) {
    ParamSpec spec = chain.spec(known(id));
    double plain = spec.toPlain(clamp01(normalized));
    long now = System.nanoTime();
    if (plain != chain.get(id)) {
      if (!id.equals(gestureId) || now - gestureNanos > GESTURE_NANOS) {
        remember();
      }
      gestureId = id;
      gestureNanos = now;
      engine.set(id, plain);
      changed("");
    }
    lastTouched = id;
    return List.of(id);
  }

  private List<String> bypass(String module, boolean bypassed) {
    String id = bypassId(module);
    double value = bypassed ? 1.0 : 0.0;
    if (value != chain.get(id)) {
      remember();
      gestureId = null;
      engine.set(id, value);
      changed("");
    }
    lastTouched = id;
    return List.of(id);
  }

  private List<String> recallSlot(int number) {
    int i = slotIndex(number);
    if (slots[i] == null) {
      throw new UnsupportedOperationException(
          "slot " + number + " is empty (hold its button, or shift+press, to save into it)");
    }
    remember();
    activeSlot = i;
    List<String> moved = glideTo(slots[i]);
    changed("recalled slot " + number);
    return moved;
  }

  private List<String> saveSlot(int number) {
    int i = slotIndex(number);
    slots[i] = current();
    activeSlot = i;
    gestureId = null; // a move after a save is a step of its own
    changed("saved slot " + number);
    return List.of();
  }

  private List<String> toggleAb() {
    double[] leaving = current();
    List<String> moved = glideTo(otherSide);
    otherSide = leaving;
    side = side.other();
    gestureId = null;
    activeSlot = -1;
    changed("working state " + side);
    return moved;
  }

  private List<String> toggleReference() {
    if (reference == null) {
      throw new UnsupportedOperationException(
          "reference A/B: no reference track loaded (use --reference FILE)");
    }
    boolean on = reference.toggle();
    lastEvent = on ? "hearing the reference" : "hearing the master";
    return List.of();
  }

  private List<String> undo() {
    if (undo.isEmpty()) {
      throw new UnsupportedOperationException("nothing to undo");
    }
    redo.push(current());
    List<String> moved = glideTo(undo.pop());
    activeSlot = -1;
    changed("undo (" + undo.size() + " more)");
    return moved;
  }

  private List<String> redo() {
    if (redo.isEmpty()) {
      throw new UnsupportedOperationException("nothing to redo");
    }
    pushUndo(current());
    List<String> moved = glideTo(redo.pop());
    activeSlot = -1;
    changed("redo (" + redo.size() + " more)");
    return moved;
  }

  /** Keeps the state before a change as an undo step; a new change forgets what was undone. */
  private void remember() {
    pushUndo(current());
    redo.clear();
  }

  private void pushUndo(double[] state) {
    undo.push(state);
    while (undo.size() > UNDO_STEPS) {
      undo.removeLast();
    }
  }

  /** Glides the chain to a whole state; returns the ids that change. */
  private List<String> glideTo(double[] target) {
    Map<String, Double> values = new LinkedHashMap<>();
    List<String> moved = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      String id = params.get(i).id();
      double now = chain.get(id);
      if (now != target[i]) {
        values.put(id, target[i]);
        moved.add(id);
      }
    }
    chain.recall(values, RECALL_GLIDE_SECONDS);
    gestureId = null;
    return moved;
  }

  private void changed(String event) {
    version++;
    if (!event.isEmpty()) {
      lastEvent = event;
    }
    publish();
  }

  private void publish() {
    StringBuilder b = new StringBuilder();
    for (int n = 1; n <= Session.SLOT_COUNT; n++) {
      b.append(
          switch (slot(n)) {
            case EMPTY -> " " + n + " ";
            case FILLED -> " " + n + "*";
            case ACTIVE -> "[" + n + "]";
          });
    }
    b.append("   A/B ").append(side);
    b.append("   undo ").append(undo.size()).append(" redo ").append(redo.size());
    summary = b.toString();
  }

  /**
   * Returns the slots (n empty, n* filled, [n] active), the working state and the undo depth as one
   * line for a status display; safe from any thread.
   */
  public String summary() {
    return summary;
  }

  private double[] current() {
    double[] v = new double[params.size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = chain.get(params.get(i).id());
    }
    return v;
  }

  private double[] vector(Map<String, Double> values) {
    double[] v = new double[params.size()];
    for (int i = 0; i < v.length; i++) {
      ParamSpec p = params.get(i);
      Double x = values.get(p.id());
      v[i] = x == null ? p.defaultValue() : p.clamp(x);
    }
    return v;
  }

  private Map<String, Double> map(double[] v) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (int i = 0; i < v.length; i++) {
      m.put(params.get(i).id(), v[i]);
    }
    return Collections.unmodifiableMap(m);
  }

  private static int slotIndex(int number) {
    if (number < 1 || number > Session.SLOT_COUNT) {
      throw new IllegalArgumentException(
          "slot " + number + " does not exist (slots are 1 to " + Session.SLOT_COUNT + ")");
    }
    return number - 1;
  }

  private String bypassId(String module) {
    return known(module + ".bypass");
  }

  private String known(String id) {
    if (!chain.has(id)) {
      throw new IllegalArgumentException("unknown parameter " + id);
    }
    return id;
  }

  private List<String> transport(Command.Transport t) {
    if (player == null) {
      throw new UnsupportedOperationException("transport: no file is playing (use --input FILE)");
    }
    double position = player.positionFrames() / player.sampleRate();
    switch (t.action()) {
      case PLAY -> player.play();
      case PAUSE -> player.pause();
      case TOGGLE -> {
        if (player.isPlaying()) {
          player.pause();
        } else {
          player.play();
        }
      }
      case RESTART -> player.seekFrame(0);
      case REWIND -> player.seekSeconds(Math.max(0, position - t.seconds()));
      case FORWARD -> player.seekSeconds(position + t.seconds());
      case TOGGLE_LOOP -> player.setLoop(!player.isLooping());
    }
    return List.of();
  }

  private static double clamp01(double v) {
    return Double.isNaN(v) ? 0.0 : Math.max(0.0, Math.min(1.0, v));
  }
}
