package lathe.console.engine.jack;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import lathe.console.engine.AudioDeviceException;

/**
 * Binds the parts of libjack the back-end uses through the FFM API. Every handle is {@code null}
 * when the library could not be loaded; {@link #require()} turns that into a one-line message.
 * Pointers that the audio thread touches (ports, buffers) travel as {@code long} so that no segment
 * object is made per callback.
 */
final class LibJack {
  static final String LIBRARY = "libjack.so.0";
  static final String AUDIO_TYPE = "32 bit float mono audio";

  static final int NO_START_SERVER = 0x01;
  static final int SERVER_NAME = 0x04;

  static final int STATUS_FAILURE = 0x01;
  static final int STATUS_INVALID_OPTION = 0x02;
  static final int STATUS_SERVER_FAILED = 0x10;
  static final int STATUS_SERVER_ERROR = 0x20;
  static final int STATUS_SHM_FAILURE = 0x200;
  static final int STATUS_VERSION_ERROR = 0x400;

  static final long PORT_IS_INPUT = 0x1;
  static final long PORT_IS_OUTPUT = 0x2;
  static final long PORT_IS_PHYSICAL = 0x4;

  static final int CAPTURE_LATENCY = 0;
  static final int PLAYBACK_LATENCY = 1;

  /** Views all of memory, so that a raw buffer address can be read without making a segment. */
  static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

  private static final Linker LINKER = Linker.nativeLinker();
  private static final String[] LOAD_PROBLEM = new String[1];
  private static final SymbolLookup LOOKUP = load();

  /** Why libjack is unusable, or {@code null} when it loaded. */
  static final String PROBLEM = LOAD_PROBLEM[0];

  static final MethodHandle CLIENT_OPEN =
      bind(
          "jack_client_open",
          FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS),
          Linker.Option.firstVariadicArg(3));
  static final MethodHandle CLIENT_OPEN_NAMED =
      bind(
          "jack_client_open",
          FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS),
          Linker.Option.firstVariadicArg(3));
  static final MethodHandle CLIENT_CLOSE =
      bind("jack_client_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  static final MethodHandle GET_SAMPLE_RATE =
      bind("jack_get_sample_rate", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  static final MethodHandle GET_BUFFER_SIZE =
      bind("jack_get_buffer_size", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  static final MethodHandle PORT_REGISTER =
      bind(
          "jack_port_register",
          FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG));
  static final MethodHandle PORT_NAME =
      bind("jack_port_name", FunctionDescriptor.of(ADDRESS, ADDRESS));
  static final MethodHandle PORT_BY_NAME =
      bind("jack_port_by_name", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
  static final MethodHandle PORT_GET_LATENCY_RANGE =
      bind("jack_port_get_latency_range", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS));

  /** Returns a port's buffer address: {@code long (long port, int frames)}, no state switch. */
  static final MethodHandle PORT_GET_BUFFER =
      bind(
          "jack_port_get_buffer",
          FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT),
          Linker.Option.critical(false));

  static final MethodHandle SET_PROCESS_CALLBACK =
      bind("jack_set_process_callback", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
  static final MethodHandle SET_XRUN_CALLBACK =
      bind("jack_set_xrun_callback", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
  static final MethodHandle ON_SHUTDOWN =
      bind("jack_on_shutdown", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS, ADDRESS));
  static final MethodHandle ACTIVATE =
      bind("jack_activate", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  static final MethodHandle DEACTIVATE =
      bind("jack_deactivate", FunctionDescriptor.of(JAVA_INT, ADDRESS));
  static final MethodHandle CONNECT =
      bind("jack_connect", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
  static final MethodHandle GET_PORTS =
      bind("jack_get_ports", FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));
  static final MethodHandle FREE = bind("jack_free", FunctionDescriptor.ofVoid(ADDRESS));

  /** Process callback shape: {@code int (jack_nframes_t frames, void *arg)}. */
  static final FunctionDescriptor PROCESS_SHAPE =
      FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG);

  /** Xrun callback shape: {@code int (void *arg)}. */
  static final FunctionDescriptor XRUN_SHAPE = FunctionDescriptor.of(JAVA_INT, JAVA_LONG);

  /** Shutdown callback shape: {@code void (void *arg)}. */
  static final FunctionDescriptor SHUTDOWN_SHAPE = FunctionDescriptor.ofVoid(JAVA_LONG);

  private static volatile String lastMessage;

  static {
    if (LOOKUP != null) {
      silenceLibraryMessages();
    }
  }

  private LibJack() {}

  /** Throws a one-line exception when libjack is not usable. */
  static void require() throws AudioDeviceException {
    if (PROBLEM != null) {
      throw new AudioDeviceException(PROBLEM);
    }
  }

  /** Returns the last error or info line libjack printed (it is kept, not written to stderr). */
  static String lastMessage() {
    return lastMessage;
  }

  /** Makes an upcall stub in {@code arena} for a handle of the given shape. */
  static MemorySegment upcall(MethodHandle target, FunctionDescriptor shape, Arena arena) {
    return LINKER.upcallStub(target, shape, arena);
  }

  /** Reads a NUL-terminated string that libjack owns. */
  static String string(MemorySegment pointer) {
    return pointer.reinterpret(Long.MAX_VALUE).getString(0);
  }

  private static SymbolLookup load() {
    try {
      return SymbolLookup.libraryLookup(LIBRARY, Arena.global());
    } catch (IllegalArgumentException | IllegalCallerException e) {
      LOAD_PROBLEM[0] =
          "JACK is not installed: "
              + LIBRARY
              + " cannot be loaded (install the libjack-jackd2-0 and jackd2 packages)";
      return null;
    }
  }

  private static MethodHandle bind(
      String symbol, FunctionDescriptor descriptor, Linker.Option... options) {
    if (LOOKUP == null) {
      return null;
    }
    return LOOKUP
        .find(symbol)
        .map(address -> LINKER.downcallHandle(address, descriptor, options))
        .orElse(null);
  }

  // libjack prints every failed connection attempt on stderr; keep the last line instead.
  private static void silenceLibraryMessages() {
    try {
      MethodHandle keep =
          MethodHandles.lookup()
              .findStatic(
                  LibJack.class,
                  "keepMessage",
                  MethodType.methodType(void.class, MemorySegment.class));
      MemorySegment stub =
          LINKER.upcallStub(keep, FunctionDescriptor.ofVoid(ADDRESS), Arena.global());
      FunctionDescriptor setter = FunctionDescriptor.ofVoid(ADDRESS);
      for (String name : new String[] {"jack_set_error_function", "jack_set_info_function"}) {
        MethodHandle set = bind(name, setter);
        if (set != null) {
          set.invokeExact(stub);
        }
      }
    } catch (Throwable e) {
      // libjack keeps printing to stderr; nothing else depends on it
    }
  }

  private static void keepMessage(MemorySegment text) {
    try {
      lastMessage = string(text);
    } catch (Throwable e) {
      // an exception must not leave an upcall
    }
  }
}
