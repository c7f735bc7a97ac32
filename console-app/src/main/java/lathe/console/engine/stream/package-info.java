/**
 * Streams audio between files and the audio thread without blocking it: a lock-free ring of planar
 * doubles, the file player that reads ahead into it on an io thread, and the print recorder that
 * drains it into a WAV file on another.
 *
 * <p>The audio thread only copies between its block buffers and a ring; every file operation, every
 * allocation and every wait happens on the io threads or the control thread.
 */
package lathe.console.engine.stream;
