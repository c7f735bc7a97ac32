package lathe.controller.port;

import javax.sound.midi.MidiMessage;

/**
 * Holds one message of a control script and when it is due.
 *
 * @param nanos its time from the start of the script, in nanoseconds
 * @param message the message
 * @param line the script line it was written on, 1-based
 */
public record TimedMidiMessage(long nanos, MidiMessage message, int line) {}
