/**
 * MIDI ports: discovery and hot-plug of controllers by polling, feedback output, and replay of
 * timed control scripts. Messages are handed on with their arrival time; mapping them is the
 * console's job.
 */
package lathe.controller.port;
