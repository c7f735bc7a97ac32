package lathe.console.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** Checks the FMA warning against the JVM's own flag. */
class CpuFeaturesTest {
  @Test
  void warnsExactlyWhenTheJvmDoesNotUseFma() {
    String flag =
        ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
            .getVMOption("UseFMA")
            .getValue();
    assertEquals("false".equals(flag), CpuFeatures.fmaWarning() != null, "UseFMA = " + flag);
  }
}
