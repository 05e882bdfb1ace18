import java.io.*;
import java.net.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/**
 * A bounded loop of MQTT 3.1.1 connect, CONNACK, DISCONNECT, close on 127.0.0.1, for the cost
 * of connecting and disconnecting (the load generator's {@code connections} keeps its clients
 * open). One JSON line: rate and broker CPU (from /proc) per connection.
 *
 * <pre>java bench/ConnectLoop.java PORT BROKER_PID COUNT THREADS clean|persistent</pre>
 *
 * {@code clean}: a new client id per connection, clean session; {@code persistent}: one client
 * id per thread, cleanSession=false, reconnecting (an empty queue each time). At most 120 s.
 */
public class ConnectLoop {
  static long cpuTicks(String pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  static byte[] connect(String id, boolean clean) {
    byte[] idb = id.getBytes(StandardCharsets.UTF_8);
    int rem = 10 + 2 + idb.length;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x10); out.write(rem);
    out.writeBytes(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, (byte) (clean ? 2 : 0), 0, 60});
    out.write(idb.length >> 8); out.write(idb.length & 0xff); out.writeBytes(idb);
    return out.toByteArray();
  }

  public static void main(String[] a) throws Exception {
    int port = Integer.parseInt(a[0]);
    String pid = a[1];
    int count = Integer.parseInt(a[2]);
    int threads = Integer.parseInt(a[3]);
    boolean clean = a[4].equals("clean");
    AtomicInteger left = new AtomicInteger(count);
    AtomicInteger errors = new AtomicInteger();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    long cpu0 = cpuTicks(pid);
    long t0 = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      int th = t;
      pool.submit(() -> {
        int n = 0;
        while (left.getAndDecrement() > 0 && System.nanoTime() < deadline) {
          String id = clean ? "cl-" + th + "-" + n++ : "ps-" + th;
          try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            s.getOutputStream().write(connect(id, clean));
            byte[] ack = s.getInputStream().readNBytes(4);
            if (ack.length != 4 || ack[0] != 0x20 || ack[3] != 0) errors.incrementAndGet();
            s.getOutputStream().write(new byte[] {(byte) 0xe0, 0});
            s.shutdownOutput();
            s.getInputStream().read(); // broker closes
          } catch (IOException e) {
            errors.incrementAndGet();
          }
        }
        return null;
      });
    }
    pool.shutdown();
    pool.awaitTermination(130, TimeUnit.SECONDS);
    double secs = (System.nanoTime() - t0) / 1e9;
    double cpu = (cpuTicks(pid) - cpu0) / 100.0;
    System.out.printf("{\"mode\":\"%s\",\"count\":%d,\"errors\":%d,\"wall_s\":%.2f,\"per_s\":%.0f,\"broker_cpu_s\":%.2f,\"per_broker_cpu_s\":%.0f}%n",
        a[4], count, errors.get(), secs, count / secs, cpu, count / cpu);
  }
}
