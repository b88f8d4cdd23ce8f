package io.wali4j.itests;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wali4j.api.ExitStatus;
import io.wali4j.core.ProcessControl;
import io.wali4j.core.Wali;
import io.wali4j.core.kernel.Host;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential test of memcached, a threaded network server: the same Debian source on the same
 * libevent source, built with wali-cc ({@code toolchain/apps/build-memcached.sh}) and with gcc
 * ({@code build-native.sh memcached}), each started on a loopback port of its own with four worker
 * threads. The same conversations go to both, and each server must give the same bytes back: the
 * text protocol's storage, retrieval, arithmetic, CAS and error replies, the meta commands, the
 * binary protocol, values larger than a slab page (chunked items) and over the item size limit, and
 * eight clients at once. The last test stops both with the {@code shutdown} command: the same exit
 * status and output.
 *
 * <p>Replies are framed by a meta no-op ({@code mn}, answered {@code MN}) sent after each request,
 * so a request that sends nothing back (noreply) is compared as the empty reply. The tests run in
 * order because a server's CAS identifiers count every store it has made: the same stores in the
 * same order give the same identifiers.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MemcachedDifferentialTest {

  private static final long BUILD_TIMEOUT_MINUTES = 30;

  /** A server under wali4j answers its first connection after the JVM has loaded the module. */
  private static final long START_TIMEOUT_SECONDS = 120;

  private static final long REPLY_TIMEOUT_MILLIS = 60_000;

  private static final byte[] NOOP = "mn\r\n".getBytes(ISO_8859_1);
  private static final byte[] NOOP_REPLY = "MN\r\n".getBytes(ISO_8859_1);

  @TempDir static Path work;

  private static Server expected;
  private static Server actual;

  @BeforeAll
  static void startBoth() throws Exception {
    AppBuilds.run("apps/build-memcached.sh");
    AppBuilds.run("apps/build-native.sh", "memcached");
    Path apps = AppBuilds.appsDir();
    expected = Server.nativeServer(apps.resolve("native/memcached"), work.resolve("native"));
    actual = Server.waliServer(apps.resolve("memcached.wasm"), work.resolve("wali"));
  }

  @AfterAll
  static void stopBoth() throws InterruptedException {
    if (expected != null) {
      expected.kill();
    }
    if (actual != null) {
      actual.kill();
    }
  }

  @Test
  @Order(1)
  void storageRetrievalAndArithmetic() throws Exception {
    same(
        "set a 5 0 3\r\nabc\r\n",
        "get a\r\n",
        "add a 0 0 1\r\nx\r\n",
        "add b 7 0 2\r\nbb\r\n",
        "replace nothere 0 0 1\r\nx\r\n",
        "replace b 9 0 3\r\nBBB\r\n",
        "append a 0 0 3\r\ndef\r\n",
        "prepend a 0 0 2\r\n<<\r\n",
        "append nothere 0 0 1\r\nx\r\n",
        "get a b nothere\r\n",
        "gets a b\r\n",
        "set n 0 0 2\r\n10\r\n",
        "incr n 5\r\n",
        "decr n 100\r\n",
        "incr n 18446744073709551615\r\n",
        "set big 0 0 20\r\n18446744073709551615\r\n",
        "incr big 1\r\n",
        "incr a 1\r\n",
        "incr nothere 1\r\n",
        "incr n notanumber\r\n",
        "touch a 0\r\n",
        "touch nothere 0\r\n",
        "gat 0 a b\r\n",
        "gats 0 b\r\n",
        "set gone 0 -1 1\r\nx\r\n",
        "get gone\r\n",
        "delete a\r\n",
        "delete a\r\n",
        "get a\r\n",
        "set quiet 0 0 1 noreply\r\nq\r\n",
        "get quiet\r\n",
        "incr n 1 noreply\r\n",
        "get n\r\n",
        "verbosity 0\r\n",
        "version\r\n");
  }

  @Test
  @Order(2)
  void compareAndSwap() throws Exception {
    // The identifier gets prints is the server's count of stores so far: compared, then used.
    List<String> replies = new ArrayList<>();
    for (Server s : List.of(expected, actual)) {
      try (Conversation c = new Conversation(s)) {
        StringBuilder r = new StringBuilder();
        r.append(c.send("set cas 0 0 1\r\n1\r\n"));
        String gets = c.send("gets cas\r\n");
        r.append(gets);
        long id = Long.parseLong(gets.split("\r\n")[0].split(" ")[4]);
        r.append(c.send("cas cas 0 0 1 " + (id + 1) + "\r\n2\r\n"));
        r.append(c.send("cas cas 0 0 1 " + id + "\r\n3\r\n"));
        r.append(c.send("cas cas 0 0 1 " + id + "\r\n4\r\n"));
        r.append(c.send("cas nothere 0 0 1 1\r\nx\r\n"));
        r.append(c.send("gets cas\r\n"));
        replies.add(r.toString());
      }
    }
    assertTrue(replies.get(0).contains("STORED\r\nEXISTS\r\nNOT_FOUND"), replies.get(0));
    assertEquals(replies.get(0), replies.get(1), "the CAS conversation");
  }

  @Test
  @Order(3)
  void errors() throws Exception {
    String longKey = "k".repeat(251);
    same(
        "bogus\r\n",
        "get\r\n",
        "set " + longKey + " 0 0 1\r\nx\r\n",
        "get " + longKey + "\r\n",
        "set bad 0 0 2\r\nabc\r\n",
        "set neg 0 0 -1\r\n",
        "set flags notanumber 0 1\r\nx\r\n",
        "incr\r\n",
        "delete\r\n",
        "touch x\r\n",
        "mg\r\n",
        "ms k\r\n");
  }

  @Test
  @Order(4)
  void metaCommands() throws Exception {
    same(
        "ms m1 3 T0 F9\r\nabc\r\n",
        "mg m1 v f t s k\r\n",
        "mg m1 k O123 q\r\n",
        "mg nothere v\r\n",
        "mg nothere v q\r\n",
        "ms m2 2 MA\r\nxy\r\n",
        "ms m2 2 MA\r\nzz\r\n",
        "ms m1 1 MP\r\n<\r\n",
        "ms m1 1 MR\r\n!\r\n",
        "ms m9 1 MR\r\n!\r\n",
        "mg m1 v\r\n",
        "ms cnt 2\r\n40\r\n",
        "ma cnt\r\n",
        "ma cnt D10 v\r\n",
        "ma cnt MD D100 v\r\n",
        "ma nothere N0 J13 v\r\n",
        "ma nothere v\r\n",
        "md m2\r\n",
        "md m2\r\n",
        "md m1 q\r\n",
        "mg m1 v\r\n",
        "ms bWV0YQ== 2 b\r\nhi\r\n",
        "mg bWV0YQ== b v k\r\n",
        "mg meta v\r\n");
  }

  @Test
  @Order(5)
  void largeValuesAndManyKeys() throws Exception {
    String chunked = pattern(700 * 1024); // larger than a slab page: a chunked item
    String tooLarge = pattern(2 * 1024 * 1024); // over the 1 MiB item size limit
    List<String> requests = new ArrayList<>();
    requests.add("set chunked 1 0 " + chunked.length() + "\r\n" + chunked + "\r\n");
    requests.add("get chunked\r\n");
    requests.add("append chunked 0 0 5\r\ntail!\r\n");
    requests.add("gets chunked\r\n");
    requests.add("set toolarge 0 0 " + tooLarge.length() + "\r\n" + tooLarge + "\r\n");
    requests.add("get toolarge\r\n");
    StringBuilder keys = new StringBuilder("get");
    for (int i = 0; i < 400; i++) {
      String value = pattern(37 * i % 3000 + 1);
      requests.add("set many" + i + " " + i + " 0 " + value.length() + "\r\n" + value + "\r\n");
      if (i % 3 == 0) {
        keys.append(" many").append(i);
      }
    }
    requests.add(keys.append(" nothere\r\n").toString());
    same(requests.toArray(new String[0]));
  }

  @Test
  @Order(6)
  void binaryProtocol() throws Exception {
    List<byte[]> requests =
        List.of(
            binary(0x01, "bin", "value", new byte[] {0, 0, 0, 7, 0, 0, 0, 0}),
            binary(0x00, "bin", "", new byte[0]),
            binary(0x00, "nothere", "", new byte[0]),
            binary(0x02, "bin", "again", new byte[] {0, 0, 0, 1, 0, 0, 0, 0}),
            binary(0x04, "bin", "", new byte[0]),
            binary(0x04, "bin", "", new byte[0]),
            binary(0x0b, "", "", new byte[0]));
    List<String> replies = new ArrayList<>();
    for (Server s : List.of(expected, actual)) {
      try (Conversation c = new Conversation(s)) {
        StringBuilder r = new StringBuilder();
        for (byte[] request : requests) {
          r.append(c.sendBinary(request)).append('|');
        }
        replies.add(r.toString());
      }
    }
    assertTrue(replies.get(0).contains("value"), "native: " + replies.get(0));
    assertEquals(replies.get(0), replies.get(1), "the binary conversation");
  }

  @Test
  @Order(7)
  void eightClientsAtOnce() throws Exception {
    int clients = 8;
    List<List<String>> transcripts = new ArrayList<>();
    for (Server s : List.of(expected, actual)) {
      ExecutorService pool = Executors.newFixedThreadPool(clients);
      try {
        List<Future<String>> each = new ArrayList<>();
        for (int n = 0; n < clients; n++) {
          int client = n;
          each.add(pool.submit((Callable<String>) () -> busyClient(s, client)));
        }
        List<String> transcript = new ArrayList<>();
        for (Future<String> f : each) {
          transcript.add(f.get(REPLY_TIMEOUT_MILLIS * 2, TimeUnit.MILLISECONDS));
        }
        transcripts.add(transcript);
      } finally {
        pool.shutdownNow();
      }
    }
    for (int n = 0; n < clients; n++) {
      assertTrue(transcripts.get(0).get(n).contains("STORED"), "client " + n + " stored nothing");
      assertEquals(transcripts.get(0).get(n), transcripts.get(1).get(n), "client " + n);
    }
  }

  @Test
  @Order(8)
  void flushAll() throws Exception {
    same(
        "set f 0 0 1\r\nx\r\n",
        "flush_all\r\n",
        "get f many1 chunked\r\n",
        "flush_all noreply\r\n");
  }

  @Test
  @Order(9)
  void libmemcachedsConformanceClientSeesTheSameServer() throws Exception {
    // memccapable (Debian's libmemcached-tools) flushes the server and runs its own checks of
    // both protocols: the same report and status for both servers, all passed natively.
    String native_ = memccapable(expected);
    String wali = memccapable(actual);
    assertTrue(native_.contains("All tests passed"), "native: " + native_);
    assertEquals(native_, wali, "memccapable's report");
  }

  private static String memccapable(Server s) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("memccapable", "-h", "127.0.0.1", "-p", String.valueOf(s.port))
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), ISO_8859_1);
    assertTrue(p.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS), "memccapable still runs");
    return "exit " + p.exitValue() + "\n" + output;
  }

  @Test
  @Order(10)
  void shutdownEndsBothTheSameWay() throws Exception {
    for (Server s : List.of(expected, actual)) {
      try (Conversation c = new Conversation(s)) {
        c.sendAndReadToEnd("shutdown\r\n");
      }
    }
    String native_ = expected.awaitExit();
    String wali = actual.awaitExit();
    assertTrue(native_.startsWith("exit "), "native: " + native_);
    assertEquals(native_, wali, "how the server ended (wali4j: " + actual.diagnostics() + ")");
  }

  @Test
  @Order(11)
  void signalsEndBothTheSameWay() throws Exception {
    // SIGTERM stops at once, SIGUSR1 gracefully: fresh servers each, with a client connected.
    for (int sig : new int[] {15, 10}) {
      Path apps = AppBuilds.appsDir();
      Server n =
          Server.nativeServer(apps.resolve("native/memcached"), work.resolve("native" + sig));
      Server w = Server.waliServer(apps.resolve("memcached.wasm"), work.resolve("wali" + sig));
      try (Conversation cn = new Conversation(n);
          Conversation cw = new Conversation(w)) {
        assertEquals(cn.send("set s 0 0 1\r\nx\r\n"), cw.send("set s 0 0 1\r\nx\r\n"));
        n.signal(sig);
        w.signal(sig);
        String native_ = n.awaitExit();
        String wali = w.awaitExit();
        assertTrue(native_.startsWith("exit "), "native, signal " + sig + ": " + native_);
        assertEquals(native_, wali, "signal " + sig + " (wali4j: " + w.diagnostics() + ")");
      } finally {
        n.kill();
        w.kill();
      }
    }
  }

  /** One client's own keys, stored, read, counted and deleted 150 times. */
  private static String busyClient(Server s, int client) throws IOException {
    StringBuilder r = new StringBuilder();
    try (Conversation c = new Conversation(s)) {
      for (int i = 0; i < 150; i++) {
        String key = "c" + client + "k" + (i % 17);
        String value = pattern(client * 100 + i % 50 + 1);
        r.append(c.send("set " + key + " " + i + " 0 " + value.length() + "\r\n" + value + "\r\n"));
        r.append(c.send("get " + key + " c" + client + "k" + (i % 5) + "\r\n"));
        r.append(c.send("incr c" + client + "n " + (i + 1) + "\r\n"));
        if (i == 0) {
          r.append(c.send("set c" + client + "n 0 0 1\r\n0\r\n"));
        }
        if (i % 10 == 9) {
          r.append(c.send("delete c" + client + "k" + (i % 17) + "\r\n"));
        }
      }
    }
    return r.toString();
  }

  /** Sends each request to both servers in turn, over one connection each: the same replies. */
  private static void same(String... requests) throws IOException {
    List<String> expectedReplies = replies(expected, requests);
    List<String> actualReplies = replies(actual, requests);
    assertTrue(expectedReplies.stream().anyMatch(r -> !r.isEmpty()), "native: no reply at all");
    for (int i = 0; i < requests.length; i++) {
      assertEquals(
          expectedReplies.get(i),
          actualReplies.get(i),
          "reply to request " + i + ": " + abbreviate(requests[i]));
    }
  }

  private static List<String> replies(Server s, String... requests) throws IOException {
    List<String> out = new ArrayList<>();
    try (Conversation c = new Conversation(s)) {
      for (String request : requests) {
        out.add(c.send(request));
      }
    }
    return out;
  }

  private static String abbreviate(String s) {
    String line = s.lines().findFirst().orElse("");
    return line.length() > 80 ? line.substring(0, 80) + "..." : line;
  }

  /** {@code n} printable bytes, the same for the same n. */
  private static String pattern(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      b.append((char) ('!' + (i * 7 + n) % 90));
    }
    return b.toString();
  }

  /** A binary-protocol request: magic 0x80, {@code opcode}, key, value and extras. */
  private static byte[] binary(int opcode, String key, String value, byte[] extras) {
    byte[] k = key.getBytes(ISO_8859_1);
    byte[] v = value.getBytes(ISO_8859_1);
    ByteBuffer b = ByteBuffer.allocate(24 + extras.length + k.length + v.length);
    b.put((byte) 0x80).put((byte) opcode).putShort((short) k.length);
    b.put((byte) extras.length).put((byte) 0).putShort((short) 0);
    b.putInt(extras.length + k.length + v.length).putInt(0x5eed).putLong(0);
    b.put(extras).put(k).put(v);
    return b.array();
  }

  /** One client connection to a server. */
  private static final class Conversation implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Conversation(Server s) throws IOException {
      socket = new Socket(InetAddress.getLoopbackAddress(), s.port);
      socket.setSoTimeout((int) REPLY_TIMEOUT_MILLIS);
      in = socket.getInputStream();
      out = socket.getOutputStream();
    }

    /** Sends a text request and returns everything before the no-op's reply. */
    String send(String request) throws IOException {
      out.write(request.getBytes(ISO_8859_1));
      out.write(NOOP);
      out.flush();
      ByteArrayOutputStream reply = new ByteArrayOutputStream();
      byte[] buf = new byte[65536];
      while (!endsWith(reply, NOOP_REPLY)) {
        int n = in.read(buf);
        if (n < 0) {
          return reply.toString(ISO_8859_1) + "<closed>";
        }
        reply.write(buf, 0, n);
      }
      byte[] all = reply.toByteArray();
      return new String(all, 0, all.length - NOOP_REPLY.length, ISO_8859_1);
    }

    /** Sends a binary request followed by a binary no-op, returns the responses before its. */
    String sendBinary(byte[] request) throws IOException {
      out.write(request);
      out.write(binary(0x0a, "", "", new byte[0]));
      out.flush();
      StringBuilder r = new StringBuilder();
      while (true) {
        byte[] header = in.readNBytes(24);
        if (header.length < 24) {
          return r + "<closed>";
        }
        ByteBuffer h = ByteBuffer.wrap(header);
        int opcode = header[1] & 0xff;
        int body = h.getInt(8);
        byte[] rest = in.readNBytes(body);
        if (opcode == 0x0a) {
          return r.toString();
        }
        // The CAS field (bytes 16-23) is the server's count of stores; the rest as it came.
        r.append(Arrays.toString(Arrays.copyOfRange(header, 0, 24)))
            .append(new String(rest, ISO_8859_1));
      }
    }

    /** Sends a request and reads until the server closes the connection. */
    String sendAndReadToEnd(String request) throws IOException {
      out.write(request.getBytes(ISO_8859_1));
      out.flush();
      return new String(in.readAllBytes(), ISO_8859_1);
    }

    private static boolean endsWith(ByteArrayOutputStream b, byte[] suffix) {
      if (b.size() < suffix.length) {
        return false;
      }
      byte[] all = b.toByteArray();
      return Arrays.equals(all, all.length - suffix.length, all.length, suffix, 0, suffix.length);
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }

  /** A memcached server: a native process, or a WALI process in this JVM. */
  private static final class Server {
    final int port;
    private final Path dir;
    private final Process process;
    private final Thread thread;
    private final AtomicReference<String> waliStatus;
    private final ByteArrayOutputStream diagnostics;
    private final int[] fds;
    private final ProcessControl control;
    private boolean fdsClosed;

    private Server(
        int port,
        Path dir,
        Process process,
        Thread thread,
        AtomicReference<String> waliStatus,
        ByteArrayOutputStream diagnostics,
        int[] fds,
        ProcessControl control) {
      this.port = port;
      this.dir = dir;
      this.process = process;
      this.thread = thread;
      this.waliStatus = waliStatus;
      this.diagnostics = diagnostics;
      this.fds = fds;
      this.control = control;
    }

    /** The server's arguments: loopback only, no UDP, four workers, `shutdown` allowed. */
    private static List<String> args(int port) {
      return List.of(
          "-u",
          System.getProperty("user.name"),
          "-l",
          "127.0.0.1",
          "-p",
          String.valueOf(port),
          "-U",
          "0",
          "-t",
          "4",
          "-c",
          "64",
          "-A");
    }

    static Server nativeServer(Path exe, Path dir) throws IOException, InterruptedException {
      Files.createDirectories(dir);
      int port = freePort();
      List<String> cmd = new ArrayList<>(List.of(exe.toString()));
      cmd.addAll(args(port));
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(dir.resolve("out").toFile())
              .redirectError(dir.resolve("err").toFile());
      pb.environment().clear();
      pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "LANG", "C"));
      Server s = new Server(port, dir, pb.start(), null, null, null, null, null);
      s.awaitListening();
      return s;
    }

    static Server waliServer(Path wasm, Path dir) throws IOException, InterruptedException {
      Files.createDirectories(dir);
      int port = freePort();
      List<String> argv = new ArrayList<>(List.of("memcached"));
      argv.addAll(args(port));
      byte[] module = Files.readAllBytes(wasm);
      HostFds fds = new HostFds(HOST);
      int[] stdio = {
        fds.openForReading(Path.of("/dev/null")),
        fds.openForWriting(dir.resolve("out")),
        fds.openForWriting(dir.resolve("err"))
      };
      ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
      AtomicReference<String> status = new AtomicReference<>();
      ProcessControl control = new ProcessControl();
      Runnable body =
          () -> {
            try {
              ExitStatus e =
                  Wali.process(module)
                      .argv(argv)
                      .env(Map.of("PATH", "/usr/bin:/bin", "LANG", "C"))
                      .cwd(dir)
                      .stdio(stdio[0], stdio[1], stdio[2])
                      .diagnostics(new PrintStream(diagnostics, true, UTF_8))
                      .control(control)
                      .run();
              status.set("exit " + e.shellStatus());
            } catch (RuntimeException | Error e) {
              status.set("runtime error: " + e);
            }
          };
      Thread thread = new Thread(null, body, "wali-memcached", 16L << 20);
      thread.setDaemon(true);
      thread.start();
      Server s = new Server(port, dir, null, thread, status, diagnostics, stdio, control);
      s.awaitListening();
      return s;
    }

    private static final Host HOST = Host.load();

    private static int freePort() throws IOException {
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return probe.getLocalPort();
      }
    }

    private void awaitListening() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
      while (System.nanoTime() < deadline) {
        if (!alive()) {
          throw new AssertionError("memcached ended before listening: " + describeEnd());
        }
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
          return;
        } catch (IOException notYet) {
          Thread.sleep(100);
        }
      }
      throw new AssertionError("memcached did not listen on port " + port + " in time");
    }

    private boolean alive() {
      return process != null ? process.isAlive() : thread.isAlive();
    }

    /** Waits for the server to end; its status, stdout and stderr. */
    String awaitExit() throws InterruptedException, IOException {
      if (process != null) {
        assertTrue(process.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS), "native still runs");
      } else {
        thread.join(TimeUnit.SECONDS.toMillis(START_TIMEOUT_SECONDS));
        assertTrue(!thread.isAlive(), "wali4j's memcached still runs");
      }
      return describeEnd();
    }

    private String describeEnd() {
      String status =
          process != null
              ? (process.isAlive() ? "running" : "exit " + process.exitValue())
              : String.valueOf(waliStatus.get());
      Function<String, String> read =
          name -> {
            try {
              return Files.readString(dir.resolve(name), ISO_8859_1);
            } catch (IOException e) {
              return "<" + e + ">";
            }
          };
      return status + "\n--- stdout:\n" + read.apply("out") + "\n--- stderr:\n" + read.apply("err");
    }

    String diagnostics() {
      return diagnostics == null ? "" : diagnostics.toString(UTF_8);
    }

    /** Sends the server signal {@code sig}, as kill(1) would. */
    void signal(int sig) throws IOException, InterruptedException {
      if (process != null) {
        AppBuilds.command(List.of("kill", "-" + sig, String.valueOf(process.pid())));
      } else {
        control.signal(sig);
      }
    }

    /** Ends the server if it still runs (a test failed before shutdown): SIGKILL. */
    void kill() throws InterruptedException {
      if (process != null) {
        process.destroyForcibly().waitFor();
        return;
      }
      control.signal(9);
      thread.join(TimeUnit.SECONDS.toMillis(START_TIMEOUT_SECONDS));
      if (!thread.isAlive() && !fdsClosed) {
        fdsClosed = true;
        HostFds host = new HostFds(HOST);
        for (int fd : fds) {
          host.close(fd);
        }
      }
    }
  }
}
