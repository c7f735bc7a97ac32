package lathe.console.engine.stream;

import java.util.concurrent.locks.LockSupport;

/** Holds what the player's and the print's io threads share. */
final class IoThreads {
  private IoThreads() {}

  /**
   * Wakes an io thread that has been told to finish and waits until it has, even if this thread is
   * interrupted meanwhile (the interrupt is kept for the caller).
   */
  static void wakeAndJoin(Thread io) {
    LockSupport.unpark(io);
    boolean interrupted = false;
    while (io.isAlive()) {
      try {
        io.join();
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
