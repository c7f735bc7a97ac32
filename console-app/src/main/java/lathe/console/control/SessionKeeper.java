package lathe.console.control;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import lathe.console.session.Session;
import lathe.console.session.SessionStore;
import lathe.dsp.chain.MasteringChain;
import lathe.dsp.param.ParamSpec;

/**
 * Keeps the console's session on disk: restores its parameters at start, and saves them within
 * {@value #SAVE_INTERVAL_NANOS} ns of any change — also while changes keep coming, at most that
 * often — and at exit, through the crash-safe {@link SessionStore} (a power cut leaves the old or
 * the new session, never half of one). Runs on the control thread.
 */
public final class SessionKeeper {
  /** The longest a change waits before it is on disk, and the shortest time between saves. */
  public static final long SAVE_INTERVAL_NANOS = 2_000_000_000L;

  private final SessionStore store;
  private final String name;
  private final MasteringChain chain;
  private final Consumer<String> say;
  private Session session;
  private ConsoleState state;
  private long savedVersion;
  private long lastSaveNanos = Long.MIN_VALUE / 2;
  private long saves;
  private boolean onDisk;

  private SessionKeeper(
      SessionStore store,
      String name,
      MasteringChain chain,
      Session session,
      Consumer<String> say) {
    this.store = store;
    this.name = name;
    this.chain = chain;
    this.session = session;
    this.say = say;
    this.onDisk = java.nio.file.Files.exists(store.fileOf(name));
  }

  /**
   * Opens the named session, restoring its parameters into {@code chain} (before any preset or
   * {@code --set} applies), or starts from the defaults when there is none yet; problems (a corrupt
   * file kept aside, unknown ids) are said, never fatal unless no good copy exists.
   */
  public static SessionKeeper open(
      SessionStore store, String name, MasteringChain chain, Consumer<String> say)
      throws IOException {
    Session session = Session.defaults();
    if (java.nio.file.Files.exists(store.fileOf(name))
        || java.nio.file.Files.exists(store.lastGoodOf(name))) {
      SessionStore.Loaded loaded = store.load(name);
      loaded.warnings().forEach(say);
      session = loaded.session();
      for (Map.Entry<String, Double> e : session.parameters().entrySet()) {
        if (chain.has(e.getKey())) {
          chain.set(e.getKey(), chain.spec(e.getKey()).clamp(e.getValue()));
        }
      }
      say.accept("session " + name + " restored from " + store.fileOf(name));
    }
    return new SessionKeeper(store, name, chain, session, say);
  }

  /**
   * Makes the keeper follow a console's state: the session's slots and A/B state go into it, and
   * from now on what is saved is its whole state (parameters, slots, A/B).
   */
  public void follow(ConsoleState state) {
    if (onDisk || java.nio.file.Files.exists(store.lastGoodOf(name))) {
      state.restore(session);
    } // a new session: B starts as a copy of the state the console started with

    this.state = state;
    this.savedVersion = state.version();
  }

  /** Returns the session as last saved or restored. */
  public Session session() {
    return session;
  }

  /** Replaces the parts of the session the console does not change itself (files, device, map). */
  public void describe(java.util.function.UnaryOperator<Session> change) {
    session = change.apply(session);
  }

  /** Saves when anything changed and the last save is old enough; call on the control thread. */
  public void tick(long nowNanos) {
    if (state != null && state.version() == savedVersion && onDisk) {
      return; // nothing moved since the last save
    }
    if (nowNanos - lastSaveNanos >= SAVE_INTERVAL_NANOS) {
      saveIfChanged(nowNanos);
    }
  }

  /** Saves now if anything changed (at exit, once the control thread has stopped). */
  public void flush() {
    saveIfChanged(System.nanoTime());
  }

  /** Returns how many times the session was written. */
  public long saves() {
    return saves;
  }

  /** Returns the session's file. */
  public java.nio.file.Path file() {
    return store.fileOf(name);
  }

  private void saveIfChanged(long nowNanos) {
    Session next;
    long version = 0;
    if (state != null) {
      version = state.version();
      next = state.toSession(session);
    } else {
      Map<String, Double> now = new LinkedHashMap<>();
      for (ParamSpec p : Session.standardParams()) {
        if (chain.has(p.id())) {
          now.put(p.id(), chain.get(p.id()));
        }
      }
      next = session.withParameters(now);
    }
    if (next.equals(session) && onDisk) {
      savedVersion = version;
      return;
    }
    try {
      store.save(name, next);
      session = next;
      savedVersion = version;
      onDisk = true;
      saves++;
      lastSaveNanos = nowNanos;
    } catch (IOException e) {
      say.accept("session " + name + " not saved: " + e.getMessage() + "; will retry");
      lastSaveNanos = nowNanos;
    }
  }
}
