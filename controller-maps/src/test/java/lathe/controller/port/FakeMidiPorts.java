package lathe.controller.port;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sound.midi.MidiDevice;
import javax.sound.midi.MidiMessage;
import javax.sound.midi.MidiUnavailableException;
import javax.sound.midi.Receiver;
import javax.sound.midi.Transmitter;

/**
 * A fake MIDI system for tests, built from real javax.sound.midi devices, transmitters and
 * receivers: controllers are plugged in and out, send messages to the computer and record the
 * feedback they receive. This machine has no MIDI hardware, so the watcher is tested against this.
 */
final class FakeMidiPorts implements MidiPortSource {
  private final List<MidiDevice> present = new CopyOnWriteArrayList<>();
  private final AtomicInteger listingFailures = new AtomicInteger();
  private final AtomicInteger listings = new AtomicInteger();

  /** Plugs in a controller with an input and an output port of the same name. */
  FakeController plug(String name) {
    FakeController controller =
        new FakeController(new FakeDevice(name, 0, -1), new FakeDevice(name, -1, 0));
    plug(controller);
    return controller;
  }

  /** Plugs a controller (back) in, with the same device objects as before. */
  void plug(FakeController controller) {
    present.add(controller.input());
    if (controller.output() != null) {
      present.add(controller.output());
    }
  }

  /** Plugs in any device, e.g. a broken one. */
  void plug(MidiDevice device) {
    present.add(device);
  }

  /** Unplugs a controller. */
  void unplug(FakeController controller) {
    present.remove(controller.input());
    present.remove(controller.output());
  }

  /** Unplugs a device. */
  void unplug(MidiDevice device) {
    present.remove(device);
  }

  /** Makes the next listings fail, as a MIDI system that cannot be asked does. */
  void failListings(int count) {
    listingFailures.set(count);
  }

  /** Returns how many times the ports were listed (the number of the poll under way). */
  int listings() {
    return listings.get();
  }

  @Override
  public List<MidiDevice> devices() throws MidiUnavailableException {
    listings.incrementAndGet();
    if (listingFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new MidiUnavailableException("the fake MIDI system is down");
    }
    return List.copyOf(present);
  }

  /** A controller as the computer sees it: its input port and its output port. */
  record FakeController(FakeDevice input, FakeDevice output) {
    /** Sends a message from the controller to the computer, as turning a knob does. */
    void turn(MidiMessage message) {
      input.transmit(message);
    }

    /** Returns what the computer sent to the controller. */
    List<MidiMessage> feedback() {
      return output.received();
    }
  }

  /** Names a fake device; MidiDevice.Info's constructor is protected. */
  static final class FakeInfo extends MidiDevice.Info {
    FakeInfo(String name) {
      super(name, "Lathe tests", "a fake MIDI port", "1.0");
    }
  }

  /**
   * A MIDI device that is an input port (it has transmitters), an output port (receivers) or both,
   * following the rules of javax.sound.midi: messages flow only while it is open.
   */
  static class FakeDevice implements MidiDevice {
    private final Info info;
    private final int maxReceivers;
    private final int maxTransmitters;
    private final List<FakeTransmitter> transmitters = new CopyOnWriteArrayList<>();
    private final List<Receiver> receivers = new CopyOnWriteArrayList<>();
    private final List<MidiMessage> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger opens = new AtomicInteger();
    private volatile boolean open;

    FakeDevice(String name, int maxReceivers, int maxTransmitters) {
      this.info = new FakeInfo(name);
      this.maxReceivers = maxReceivers;
      this.maxTransmitters = maxTransmitters;
    }

    /** Hands a message to every open transmitter's receiver, as the device's driver does. */
    void transmit(MidiMessage message) {
      if (!open) {
        return;
      }
      for (FakeTransmitter t : transmitters) {
        t.transmit(message);
      }
    }

    List<MidiMessage> received() {
      return new ArrayList<>(received);
    }

    int opens() {
      return opens.get();
    }

    @Override
    public Info getDeviceInfo() {
      return info;
    }

    @Override
    public void open() throws MidiUnavailableException {
      if (!open) {
        opens.incrementAndGet();
        open = true;
      }
    }

    @Override
    public void close() {
      open = false;
      for (FakeTransmitter t : transmitters) {
        t.close();
      }
      for (Receiver r : receivers) {
        r.close();
      }
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public long getMicrosecondPosition() {
      return -1;
    }

    @Override
    public int getMaxReceivers() {
      return maxReceivers;
    }

    @Override
    public int getMaxTransmitters() {
      return maxTransmitters;
    }

    @Override
    public Receiver getReceiver() throws MidiUnavailableException {
      if (maxReceivers == 0) {
        throw new MidiUnavailableException(info.getName() + " has no receivers");
      }
      Receiver receiver = new FakeReceiver(this);
      receivers.add(receiver);
      return receiver;
    }

    @Override
    public List<Receiver> getReceivers() {
      return List.copyOf(receivers);
    }

    @Override
    public Transmitter getTransmitter() throws MidiUnavailableException {
      if (maxTransmitters == 0) {
        throw new MidiUnavailableException(info.getName() + " has no transmitters");
      }
      FakeTransmitter transmitter = new FakeTransmitter();
      transmitters.add(transmitter);
      return transmitter;
    }

    @Override
    public List<Transmitter> getTransmitters() {
      return List.copyOf(transmitters);
    }

    private void receive(MidiMessage message) {
      if (!open) {
        throw new IllegalStateException(info.getName() + " is closed");
      }
      received.add(message);
    }
  }

  /** The computer's end of an output port. */
  private static final class FakeReceiver implements Receiver {
    private final FakeDevice device;
    private volatile boolean closed;

    FakeReceiver(FakeDevice device) {
      this.device = device;
    }

    @Override
    public void send(MidiMessage message, long timeStamp) {
      if (closed) {
        throw new IllegalStateException("receiver closed");
      }
      device.receive(message);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /** The computer's end of an input port. */
  private static final class FakeTransmitter implements Transmitter {
    private volatile Receiver receiver;
    private volatile boolean closed;

    void transmit(MidiMessage message) {
      Receiver r = receiver;
      if (!closed && r != null) {
        r.send(message, -1);
      }
    }

    @Override
    public void setReceiver(Receiver receiver) {
      this.receiver = receiver;
    }

    @Override
    public Receiver getReceiver() {
      return receiver;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
