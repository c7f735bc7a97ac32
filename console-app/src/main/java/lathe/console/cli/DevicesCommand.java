package lathe.console.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import lathe.console.engine.MidiPorts;
import lathe.console.engine.jack.JackBackend;
import lathe.console.engine.javasound.AudioDevices;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists the audio devices, the JACK server's ports and the MIDI ports the console can use. */
@Command(
    name = "devices",
    mixinStandardHelpOptions = true,
    description = {
      "List audio devices (Java Sound, with the rates and channel counts they take), the JACK"
          + " server's ports, and MIDI controller ports."
    })
final class DevicesCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--json", description = "Print one JSON object.")
  boolean json;

  @Option(
      names = "--jack-server",
      paramLabel = "NAME",
      description = "The JACK server to ask (default: the default server).")
  String jackServer;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    List<AudioDevices.Device> audio = AudioDevices.list();
    String jackProblem = JackBackend.unavailableReason(jackServer);
    List<String> jackPorts = jackProblem == null ? JackBackend.systemPorts(jackServer) : List.of();
    List<MidiPorts.Port> midi = MidiPorts.list();
    if (json) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("audio", audio);
      Map<String, Object> jack = new LinkedHashMap<>();
      jack.put("server", jackServer == null ? "default" : jackServer);
      jack.put("running", jackProblem == null);
      jack.put("problem", jackProblem);
      jack.put("ports", jackPorts);
      o.put("jack", jack);
      o.put("midi", midi);
      out.println(new ObjectMapper().writeValueAsString(o));
      out.flush();
      return 0;
    }
    out.println("Audio devices (Java Sound; use with --audio NAME):");
    if (audio.isEmpty()) {
      out.println("  none (no sound card, and no ALSA 'default' device)");
    }
    for (AudioDevices.Device d : audio) {
      out.printf("  %s%n", d.name());
      out.printf("    out: %s%n", describe(d.outputRates(), d.outputChannels()));
      out.printf("    in:  %s%n", describe(d.inputRates(), d.inputChannels()));
    }
    out.printf("JACK (--audio jack): ");
    if (jackProblem != null) {
      out.println(jackProblem);
    } else {
      out.println("server " + (jackServer == null ? "(default)" : jackServer) + " running");
      out.println("  ports: " + String.join(", ", jackPorts));
    }
    out.println("MIDI ports:");
    if (midi.isEmpty()) {
      out.println("  none (no controller connected)");
    }
    for (MidiPorts.Port p : midi) {
      out.printf(
          "  %s (%s)%s%s%n",
          p.name(), p.description(), p.input() ? " in" : "", p.output() ? " out" : "");
    }
    out.flush();
    return 0;
  }

  private static String describe(List<Integer> rates, List<Integer> channels) {
    if (rates.isEmpty()) {
      return "-";
    }
    return rates.stream().map(String::valueOf).collect(Collectors.joining(", "))
        + " Hz; "
        + channels.stream().map(String::valueOf).collect(Collectors.joining(", "))
        + " channels";
  }
}
