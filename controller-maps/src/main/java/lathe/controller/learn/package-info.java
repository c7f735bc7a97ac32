/**
 * MIDI learn: records which control the user moves for each parameter, tells absolute knobs from
 * relative encoders by the values they send, and writes the result as a map file.
 */
package lathe.controller.learn;
