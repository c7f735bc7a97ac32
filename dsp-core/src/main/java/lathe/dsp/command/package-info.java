/**
 * Holds the commands every control surface produces — MIDI controllers, GPIO encoders, the
 * touchscreen, the command line — and the control thread applies to the console state. Surfaces
 * never touch DSP objects: they send commands.
 */
package lathe.dsp.command;
