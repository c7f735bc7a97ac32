/**
 * Runs the console's control thread: every surface's commands (controllers, the command line,
 * control scripts) are applied here to the console state, which publishes parameter targets to the
 * audio thread without locks and sends feedback to the controllers.
 */
package lathe.console.control;
