/** Map files for MIDI controllers and the engine that turns MIDI messages into console commands. */
package lathe.controller;
