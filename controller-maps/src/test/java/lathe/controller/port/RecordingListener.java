package lathe.controller.port;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sound.midi.MidiMessage;

/** Records what a watcher or a script player reports, for tests to wait on in order. */
final class RecordingListener implements MidiInputListener {
  /** One report. */
  sealed interface Event {}

  record Message(String port, MidiMessage message, long nanos) implements Event {}

  record Connected(String port, String map) implements Event {}

  record Disconnected(String port) implements Event {}

  record PortError(String port, String problem) implements Event {}

  final BlockingQueue<Event> events = new LinkedBlockingQueue<>();

  @Override
  public void onMessage(String portName, MidiMessage message, long arrivalNanos) {
    events.add(new Message(portName, message, arrivalNanos));
  }

  @Override
  public void onConnected(String portName, String mapName) {
    events.add(new Connected(portName, mapName));
  }

  @Override
  public void onDisconnected(String portName) {
    events.add(new Disconnected(portName));
  }

  @Override
  public void onPortError(String portName, String problem) {
    events.add(new PortError(portName, problem));
  }

  /** Waits for the next report, or returns null when none comes in time. */
  Event next(Duration timeout) throws InterruptedException {
    return events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }
}
