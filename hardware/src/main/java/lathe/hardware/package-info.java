/** GPIO encoders, buttons and LED meters of the rack box, through Pi4J. */
package lathe.hardware;
