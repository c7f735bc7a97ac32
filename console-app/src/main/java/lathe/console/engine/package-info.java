/**
 * Runs the mastering chain live: audio back-ends (Java Sound, JACK, a paced null clock) call the
 * engine's cycle once per block on their own real-time thread; the engine feeds the chain from the
 * device input or the file player, publishes meters and hands the output to the device and, through
 * a ring buffer, to the print file.
 */
package lathe.console.engine;
