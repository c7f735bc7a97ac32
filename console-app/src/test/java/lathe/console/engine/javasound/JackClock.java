package lathe.console.engine.javasound;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

/**
 * Reads the JACK server's frame clock (the device clock that paces the ALSA jack PCM) through a
 * passive client, so a test can tell a slow server from a back-end that drops frames.
 */
final class JackClock implements AutoCloseable {
  private static final int NO_START_SERVER = 1;

  private final MethodHandle frameTime;
  private final MethodHandle clientClose;
  private final MemorySegment client;

  /** Opens a client on the server named by JACK_DEFAULT_SERVER. */
  JackClock(String clientName) throws Throwable {
    Linker linker = Linker.nativeLinker();
    SymbolLookup jack = SymbolLookup.libraryLookup("libjack.so.0", Arena.global());
    MethodHandle open =
        linker.downcallHandle(
            jack.find("jack_client_open").orElseThrow(),
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS),
            Linker.Option.firstVariadicArg(3));
    MethodHandle activate =
        linker.downcallHandle(
            jack.find("jack_activate").orElseThrow(), FunctionDescriptor.of(JAVA_INT, ADDRESS));
    frameTime =
        linker.downcallHandle(
            jack.find("jack_frame_time").orElseThrow(), FunctionDescriptor.of(JAVA_INT, ADDRESS));
    clientClose =
        linker.downcallHandle(
            jack.find("jack_client_close").orElseThrow(), FunctionDescriptor.of(JAVA_INT, ADDRESS));
    try (Arena arena = Arena.ofConfined()) {
      client =
          (MemorySegment)
              open.invokeExact(arena.allocateFrom(clientName), NO_START_SERVER, MemorySegment.NULL);
    }
    if (client.equals(MemorySegment.NULL)) {
      throw new IllegalStateException("cannot open a JACK client to read the server clock");
    }
    int status = (int) activate.invokeExact(client);
    if (status != 0) {
      throw new IllegalStateException("jack_activate returned " + status);
    }
  }

  /** Returns the server's frame counter (wraps at 2^32). */
  long frames() throws Throwable {
    return Integer.toUnsignedLong((int) frameTime.invokeExact(client));
  }

  @Override
  public void close() throws Exception {
    try {
      int ignored = (int) clientClose.invokeExact(client);
    } catch (Throwable t) {
      throw new Exception(t);
    }
  }
}
