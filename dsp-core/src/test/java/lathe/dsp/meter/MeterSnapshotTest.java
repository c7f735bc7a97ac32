package lathe.dsp.meter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import lathe.dsp.Allocations;
import org.junit.jupiter.api.Test;

class MeterSnapshotTest {
  @Test
  void readReturnsTheLastPublication() {
    MeterSnapshot s = new MeterSnapshot(3);
    double[] out = new double[3];
    assertEquals(0, s.read(out));
    assertArrayEquals(new double[3], out);
    s.publish(new double[] {1, 2, 3});
    s.publish(new double[] {4, 5, 6});
    assertEquals(2, s.read(out));
    assertArrayEquals(new double[] {4, 5, 6}, out);
  }

  @Test
  void readersNeverSeeATornTuple() throws Exception {
    int size = 16;
    MeterSnapshot s = new MeterSnapshot(size);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicReference<String> failure = new AtomicReference<>();
    long[] reads = new long[3];
    Thread writer =
        new Thread(
            () -> {
              double[] tuple = new double[size];
              for (long k = 1; !stop.get(); k++) {
                java.util.Arrays.fill(tuple, k);
                s.publish(tuple);
              }
            });
    Thread[] readers = new Thread[reads.length];
    for (int t = 0; t < readers.length; t++) {
      int id = t;
      readers[t] =
          new Thread(
              () -> {
                double[] out = new double[size];
                double last = 0;
                while (!stop.get()) {
                  s.read(out);
                  for (int i = 1; i < size; i++) {
                    if (out[i] != out[0]) {
                      failure.compareAndSet(null, "torn tuple: " + java.util.Arrays.toString(out));
                    }
                  }
                  if (out[0] < last) {
                    failure.compareAndSet(null, "went back from " + last + " to " + out[0]);
                  }
                  last = out[0];
                  reads[id]++;
                }
              });
    }
    writer.start();
    for (Thread r : readers) {
      r.start();
    }
    Thread.sleep(400);
    stop.set(true);
    writer.join();
    for (Thread r : readers) {
      r.join();
    }
    assertNull(failure.get());
    for (long n : reads) {
      assertTrue(n > 100, "every reader made progress: " + n);
    }
  }

  @Test
  void publishAllocatesNothing() {
    MeterSnapshot s = new MeterSnapshot(8);
    double[] v = new double[8];
    assertEquals(
        0,
        Allocations.steadyState(
            20000,
            () -> {
              v[0]++;
              s.publish(v);
            }));
  }
}
