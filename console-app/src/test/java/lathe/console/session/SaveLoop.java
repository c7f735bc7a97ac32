package lathe.console.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Saves one session over and over with a rising counter until it is killed; run as a child JVM by
 * the SIGKILL test. Arguments: state folder, session name, first counter value. Prints {@code
 * ready}, then {@code saved N} after each save returns.
 */
public final class SaveLoop {
  /** Parameter that carries the counter. */
  static final String COUNTER = "trim.gain";

  private SaveLoop() {}

  /** Runs the loop. */
  public static void main(String[] args) throws IOException {
    SessionStore store = new SessionStore(Path.of(args[0]));
    String name = args[1];
    long counter = Long.parseLong(args[2]);
    SessionJson.write(sessionFor(counter)); // load the classes before the clock starts
    System.out.println("ready");
    while (true) {
      store.save(name, sessionFor(counter));
      System.out.println("saved " + counter);
      counter++;
    }
  }

  /** Returns the session saved for a counter value: every parameter and slot depends on it. */
  static Session sessionFor(long counter) {
    Session s = Session.defaults().withParameters(values(counter, 0));
    for (int slot = 0; slot < Session.SLOT_COUNT; slot++) {
      s = s.withSlot(slot, Optional.of(values(counter, slot + 1)));
    }
    return s.withAb(new Session.AbState(Session.Side.B, values(counter, 9)))
        .withControllerMap("map-" + counter);
  }

  private static Map<String, Double> values(long counter, int salt) {
    Map<String, Double> values = new LinkedHashMap<>();
    List<String> ids = new ArrayList<>(Session.defaultParameters().keySet());
    for (int i = 0; i < ids.size(); i++) {
      values.put(ids.get(i), (counter * 31 + i * 7 + salt) / 1024.0 + 0.1);
    }
    values.put(COUNTER, (double) counter);
    return values;
  }
}
