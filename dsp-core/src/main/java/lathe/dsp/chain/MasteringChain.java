package lathe.dsp.chain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import lathe.dsp.Dsp;
import lathe.dsp.ProcessSpec;
import lathe.dsp.Processor;
import lathe.dsp.param.LinearSmoother;
import lathe.dsp.param.ParamSpec;

/**
 * Runs the mastering modules in series, with a click-free bypass per module and the total latency
 * reported for compensation.
 *
 * <p>Threads: {@link #set} and {@link #get} may be called from any control thread; they publish
 * plain values through an {@link AtomicLongArray} without locks. {@link #process} runs on the audio
 * thread and picks up changed values at the top of each block. A bypassed module keeps its latency
 * (its dry path is delayed by the same amount), so bypassing never shifts the timeline.
 */
public final class MasteringChain implements Processor {
  /** Crossfade time for engaging and releasing a module's bypass, in seconds. */
  public static final double BYPASS_FADE_SECONDS = 0.010;

  private final List<Module> modules;
  private final Slot[] slots;
  private final List<ParamSpec> params;
  private final Map<String, Integer> indexById;
  private final int[] paramSlot;
  private final int[] paramLocal;
  private final AtomicLongArray targets;
  private final long[] applied;

  // A recall: the control thread writes every value into recallTargets, the glide length into
  // recallFrames, then bumps recallSeq (release); the audio thread, on seeing a new sequence
  // number (acquire), glides every continuous parameter from where it is to its recalled value.
  private final AtomicLongArray recallTargets;
  private final AtomicInteger recallSeq = new AtomicInteger();
  private volatile int recallFrames;
  private final boolean[] continuous;
  private final double[] glideFrom;
  private final double[] glideTo;
  private final double[] glideNow;
  private final long[] glideEndBits;
  private final int[] glideLeft;
  private int glideTotal;
  private int seenRecall;
  private volatile long recallsApplied;
  private ProcessSpec spec;
  private volatile long faultSamples;

  /** Creates a chain of the given modules, in processing order, each at its default settings. */
  public MasteringChain(List<Module> modules) {
    this.modules = List.copyOf(modules);
    this.slots = new Slot[this.modules.size()];
    List<ParamSpec> all = new ArrayList<>();
    List<int[]> where = new ArrayList<>();
    for (int s = 0; s < slots.length; s++) {
      Module m = this.modules.get(s);
      slots[s] = new Slot(m);
      m.setInputSanitized(true);
      all.add(ParamSpec.toggle(m.id() + ".bypass", "Bypass", false));
      where.add(new int[] {s, -1});
      for (int p = 0; p < m.params().size(); p++) {
        all.add(m.params().get(p));
        where.add(new int[] {s, p});
      }
    }
    this.params = Collections.unmodifiableList(all);
    this.indexById = new HashMap<>();
    this.paramSlot = new int[all.size()];
    this.paramLocal = new int[all.size()];
    this.targets = new AtomicLongArray(all.size());
    this.applied = new long[all.size()];
    this.recallTargets = new AtomicLongArray(all.size());
    this.continuous = new boolean[all.size()];
    this.glideFrom = new double[all.size()];
    this.glideTo = new double[all.size()];
    this.glideNow = new double[all.size()];
    this.glideEndBits = new long[all.size()];
    this.glideLeft = new int[all.size()];
    for (int i = 0; i < all.size(); i++) {
      if (indexById.put(all.get(i).id(), i) != null) {
        throw new IllegalArgumentException("duplicate parameter id " + all.get(i).id());
      }
      paramSlot[i] = where.get(i)[0];
      paramLocal[i] = where.get(i)[1];
      targets.set(i, Double.doubleToRawLongBits(all.get(i).defaultValue()));
      continuous[i] = all.get(i).step() == 0 && !all.get(i).isChoice();
    }
  }

  /** Returns the modules in processing order. */
  public List<Module> modules() {
    return modules;
  }

  /** Returns the module with the given id. */
  public Module module(String id) {
    for (Module m : modules) {
      if (m.id().equals(id)) {
        return m;
      }
    }
    throw new IllegalArgumentException("no module " + id);
  }

  /** Returns every parameter of the chain, bypass switches included, in chain order. */
  public List<ParamSpec> params() {
    return params;
  }

  /** Returns the spec of a parameter, or throws naming the unknown id. */
  public ParamSpec spec(String id) {
    Integer i = indexById.get(id);
    if (i == null) {
      throw new IllegalArgumentException("unknown parameter '" + id + "' (see 'lathe params')");
    }
    return params.get(i);
  }

  /** Tells whether a parameter id exists. */
  public boolean has(String id) {
    return indexById.containsKey(id);
  }

  /** Publishes a plain value for a parameter, clamped to its range; safe from any thread. */
  public void set(String id, double plain) {
    ParamSpec p = spec(id);
    if (Double.isNaN(plain)) {
      throw new IllegalArgumentException(id + ": NaN is not a value");
    }
    targets.setRelease(indexById.get(id), Double.doubleToRawLongBits(p.clamp(plain)));
  }

  /** Publishes a knob position 0..1 for a parameter; safe from any thread. */
  public void setNormalized(String id, double normalized) {
    set(id, spec(id).toPlain(normalized));
  }

  /** Returns the plain value last published for a parameter. */
  public double get(String id) {
    spec(id);
    return Double.longBitsToDouble(targets.getAcquire(indexById.get(id)));
  }

  /**
   * Publishes a whole state at once (a snapshot recall, an undo, an A/B switch): the audio thread
   * takes every value in the same block and moves each continuous parameter there along a straight
   * line of its knob travel over {@code glideSeconds}, so the sound morphs instead of jumping;
   * choices switch at the start of the glide and bypasses crossfade as usual. Parameters not in
   * {@code values} keep their value. Call from one control thread at a time.
   *
   * @param values plain values by parameter id; unknown ids are refused before anything moves
   * @param glideSeconds how long the move takes, 0 for the next block
   */
  public void recall(Map<String, Double> values, double glideSeconds) {
    for (Map.Entry<String, Double> e : values.entrySet()) {
      spec(e.getKey());
      if (e.getValue() == null || Double.isNaN(e.getValue())) {
        throw new IllegalArgumentException(e.getKey() + ": " + e.getValue() + " is not a value");
      }
    }
    for (int i = 0; i < params.size(); i++) {
      recallTargets.set(i, targets.get(i));
    }
    for (Map.Entry<String, Double> e : values.entrySet()) {
      int i = indexById.get(e.getKey());
      recallTargets.set(i, Double.doubleToRawLongBits(params.get(i).clamp(e.getValue())));
    }
    double rate = spec == null ? 48000 : spec.sampleRate();
    recallFrames = (int) Math.max(0, Math.round(glideSeconds * rate));
    recallSeq.incrementAndGet(); // release: the recalled values are visible before the number
    for (int i = 0; i < params.size(); i++) {
      targets.setRelease(i, recallTargets.get(i));
    }
  }

  /** Returns how many recalls the audio thread has taken up, a count only it writes. */
  public long recallsApplied() {
    return recallsApplied;
  }

  /** Publishes every parameter's default value. */
  public void resetToDefaults() {
    for (ParamSpec p : params) {
      set(p.id(), p.defaultValue());
    }
  }

  /**
   * Returns how many NaN, infinite or absurd samples were replaced by silence: at the chain's
   * input, and at its output should a module ever emit one (the modules skip their own input checks
   * inside a chain, so the chain checks its output once instead).
   */
  public long faultSamples() {
    return faultSamples;
  }

  @Override
  public void prepare(ProcessSpec spec) {
    this.spec = spec;
    // Values are delivered before the modules prepare, so every smoother starts at its target.
    for (int i = 0; i < applied.length; i++) {
      applied[i] = ~targets.get(i);
    }
    applyParameters(0, true);
    for (Slot s : slots) {
      s.prepare(spec);
    }
  }

  @Override
  public void process(double[][] channels, int frames) {
    int bad = Dsp.sanitize(channels, spec.channels(), frames);
    if (bad != 0) {
      faultSamples += bad;
    }
    applyParameters(frames, false);
    for (Slot s : slots) {
      s.process(channels, frames);
    }
    int escaped = Dsp.sanitize(channels, spec.channels(), frames);
    if (escaped != 0) {
      faultSamples += escaped;
    }
  }

  @Override
  public void reset() {
    for (Slot s : slots) {
      s.reset();
    }
  }

  /** Returns the total delay of the chain in frames, bypassed modules included. */
  @Override
  public int latencyFrames() {
    int sum = 0;
    for (Slot s : slots) {
      sum += s.latency;
    }
    return sum;
  }

  /**
   * Tells position-aware modules (fades) the programme's length; call after {@link #prepare}.
   *
   * @param programFrames length of the programme in frames, or -1 for a live stream
   */
  public void setTimeline(long programFrames) {
    int upstream = 0;
    for (Slot s : slots) {
      s.module.setTimeline(programFrames, upstream);
      upstream += s.latency;
    }
  }

  private void applyParameters(int frames, boolean immediate) {
    if (recallSeq.getAcquire() != seenRecall) {
      startRecall(immediate);
    }
    for (int i = 0; i < applied.length; i++) {
      long bits = targets.getAcquire(i);
      if (glideLeft[i] > 0) {
        if (bits == glideEndBits[i] || bits == applied[i]) {
          continue; // gliding; the target is the recalled value (or not yet written)
        }
        glideLeft[i] = 0; // a knob took over during the glide: follow the knob
      }
      if (bits != applied[i]) {
        // Reading a new target makes a recall published before it visible: take it up first,
        // so that none of its values arrives without its glide.
        if (recallSeq.getAcquire() != seenRecall) {
          startRecall(immediate);
          if (glideLeft[i] > 0) {
            continue;
          }
        }
        applied[i] = bits;
        deliver(i, Double.longBitsToDouble(bits), immediate);
      }
    }
    if (glideTotal > 0) {
      stepGlides(frames);
    }
  }

  /** Takes up the newest recall: choices and switches now, continuous values as glides. */
  private void startRecall(boolean immediate) {
    seenRecall = recallSeq.getAcquire();
    int length = immediate ? 0 : recallFrames;
    glideTotal = length;
    for (int i = 0; i < applied.length; i++) {
      long bits = recallTargets.get(i);
      boolean gliding = glideLeft[i] > 0;
      if (bits == applied[i] && !gliding) {
        continue;
      }
      if (length > 0 && continuous[i] && paramLocal[i] >= 0) {
        ParamSpec p = params.get(i);
        // From where the parameter is now, which is part-way along an unfinished glide.
        glideFrom[i] = gliding ? glideNow[i] : p.toNormalized(Double.longBitsToDouble(applied[i]));
        glideTo[i] = p.toNormalized(Double.longBitsToDouble(bits));
        glideEndBits[i] = bits;
        glideLeft[i] = length;
      } else {
        glideLeft[i] = 0;
        applied[i] = bits;
        deliver(i, Double.longBitsToDouble(bits), immediate);
      }
    }
    recallsApplied++;
  }

  /** Moves every gliding parameter one block along its line; the last step lands exactly. */
  private void stepGlides(int blockFrames) {
    int active = 0;
    for (int i = 0; i < applied.length; i++) {
      if (glideLeft[i] <= 0) {
        continue;
      }
      int left = Math.max(0, glideLeft[i] - blockFrames);
      glideLeft[i] = left;
      if (left == 0) {
        applied[i] = glideEndBits[i];
        deliver(i, Double.longBitsToDouble(glideEndBits[i]), false);
      } else {
        double t = 1.0 - (double) left / glideTotal;
        double n = glideFrom[i] + t * (glideTo[i] - glideFrom[i]);
        glideNow[i] = n;
        ParamSpec p = params.get(i);
        slots[paramSlot[i]].module.setParameter(
            paramLocal[i], p.taper().toPlain(n, p.min(), p.max()));
        active++;
      }
    }
    if (active == 0) {
      glideTotal = 0;
    }
  }

  private void deliver(int i, double v, boolean immediate) {
    Slot s = slots[paramSlot[i]];
    if (paramLocal[i] < 0) {
      s.setBypass(v >= 0.5, immediate);
    } else {
      s.module.setParameter(paramLocal[i], v);
    }
  }

  /** Holds one module with its bypass crossfade and its latency-matched dry path. */
  private static final class Slot {
    final Module module;
    final LinearSmoother wet = new LinearSmoother();
    DelayLine dryDelay;
    double[][] dry;
    int channels;
    int latency;
    boolean active = true;

    Slot(Module module) {
      this.module = module;
      wet.setCurrentAndTarget(1.0);
    }

    void prepare(ProcessSpec spec) {
      module.prepare(spec);
      channels = spec.channels();
      latency = module.latencyFrames();
      dryDelay = new DelayLine(channels, latency);
      dry = new double[channels][spec.maxFrames()];
      wet.reset(spec.sampleRate(), BYPASS_FADE_SECONDS);
      active = wet.current() > 0;
    }

    void setBypass(boolean bypass, boolean immediate) {
      double w = bypass ? 0.0 : 1.0;
      if (immediate || !module.crossfadesBypass()) {
        wet.setCurrentAndTarget(w);
      } else {
        wet.setTarget(w);
      }
    }

    void reset() {
      module.reset();
      dryDelay.reset();
    }

    void process(double[][] x, int frames) {
      if (!wet.isSmoothing()) {
        if (wet.current() == 1.0) {
          if (!active) {
            // Back from a bypass without a crossfade: start from clean state.
            module.reset();
            active = true;
          }
          if (latency > 0) {
            dryDelay.push(x, frames); // kept for a later bypass crossfade; not heard now
          }
          module.process(x, frames);
        } else {
          dryDelay.process(x, frames);
          active = false;
        }
        return;
      }
      if (!active) {
        module.reset();
        active = true;
      }
      copy(x, dry, frames);
      dryDelay.process(dry, frames);
      module.process(x, frames);
      for (int i = 0; i < frames; i++) {
        double w = wet.next();
        for (int c = 0; c < channels; c++) {
          x[c][i] = dry[c][i] + w * (x[c][i] - dry[c][i]);
        }
      }
    }

    private void copy(double[][] from, double[][] to, int frames) {
      for (int c = 0; c < channels; c++) {
        System.arraycopy(from[c], 0, to[c], 0, frames);
      }
    }
  }
}
