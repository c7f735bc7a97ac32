package lathe.console.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Checks the ring's wrap-around, its bit-exact transfer between two threads, and 0 allocation. */
class SpscRingTest {
  @Test
  void partialWritesAndReadsWrapAroundInOrder() {
    SpscRing ring = new SpscRing(2, 10);
    double[][] in = new double[2][14];
    for (int i = 0; i < 14; i++) {
      in[0][i] = i;
      in[1][i] = -i;
    }
    double[][] out = new double[2][12];
    assertEquals(7, ring.write(in, 0, 7));
    assertEquals(5, ring.read(out, 0, 5));
    assertEquals(8, ring.writable());
    assertEquals(8, ring.write(in, 4, 10), "only the free 8 frames fit");
    assertEquals(0, ring.write(in, 0, 1), "a full ring takes nothing");
    assertEquals(10, ring.readable());
    assertEquals(3, ring.skip(3), "drops frames 5, 6 and the second 4");
    assertEquals(7, ring.read(out, 5, 7));
    for (int i = 0; i < 12; i++) {
      double want = i;
      double wantRight = -i;
      assertEquals(want, out[0][i], "left " + i);
      assertEquals(wantRight, out[1][i], "right " + i);
    }
    assertEquals(0, ring.read(out, 0, 1), "an empty ring gives nothing");
  }

  @Test
  void everyBitPatternCrossesThreadsInOrder() throws Exception {
    SpscRing ring = new SpscRing(2, 257);
    long total = 1_000_000;
    AtomicReference<String> error = new AtomicReference<>();
    Thread producer =
        new Thread(
            () -> {
              SplittableRandom values = new SplittableRandom(7);
              SplittableRandom sizes = new SplittableRandom(8);
              double[][] block = new double[2][300];
              long sent = 0;
              while (sent < total) {
                int n = (int) Math.min(1 + sizes.nextInt(300), total - sent);
                for (int i = 0; i < n; i++) {
                  block[0][i] = Double.longBitsToDouble(values.nextLong());
                  block[1][i] = Double.longBitsToDouble(values.nextLong());
                }
                int at = 0;
                while (at < n) {
                  at += ring.write(block, at, n - at);
                }
                sent += n;
              }
            });
    producer.start();
    SplittableRandom values = new SplittableRandom(7);
    SplittableRandom sizes = new SplittableRandom(9);
    double[][] block = new double[2][300];
    long received = 0;
    while (received < total && error.get() == null) {
      int n = ring.read(block, 0, 1 + sizes.nextInt(300));
      for (int i = 0; i < n; i++) {
        long left = values.nextLong();
        long right = values.nextLong();
        if (Double.doubleToRawLongBits(block[0][i]) != left
            || Double.doubleToRawLongBits(block[1][i]) != right) {
          error.set("frame " + (received + i) + " differs");
          break;
        }
      }
      received += n;
    }
    producer.join();
    assertNull(error.get());
    assertEquals(total, received);
  }

  @Test
  void writeAndReadAllocateNothingAfterWarmUp() throws Exception {
    SpscRing ring = new SpscRing(2, 1000);
    AtomicLong allocated = new AtomicLong(-1);
    Thread audio =
        new Thread(
            () -> {
              var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
              double[][] in = new double[2][64];
              double[][] out = new double[2][64];
              for (int i = 0; i < 300_000; i++) {
                ring.write(in, 0, 64 - (i & 7));
                ring.read(out, 0, 64);
                ring.skip(i & 1);
              }
              long before = mx.getCurrentThreadAllocatedBytes();
              for (int i = 0; i < 100_000; i++) {
                ring.write(in, 0, 64 - (i & 7));
                ring.read(out, 0, 64);
                ring.skip(i & 1);
              }
              allocated.set(mx.getCurrentThreadAllocatedBytes() - before);
            },
            "simulated-audio");
    audio.start();
    audio.join();
    assertEquals(0, allocated.get(), "bytes allocated in 100000 write+read calls");
  }
}
