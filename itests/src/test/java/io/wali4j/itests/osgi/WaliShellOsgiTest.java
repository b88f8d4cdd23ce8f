package io.wali4j.itests.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeTrue;
import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.systemPackage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.inject.Inject;
import org.apache.felix.service.command.CommandProcessor;
import org.apache.felix.service.command.CommandSession;
import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The OSGi product in a Felix container (pax-exam, JUnit 4, run on the JUnit Platform by the
 * vintage engine): the distribution's bundles resolve and activate, the {@code wali} Gogo commands
 * run real WALI programs built with wali-cc, and the backend bundle can be updated, uninstalled and
 * reinstalled under a program that makes syscalls without one of them failing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class WaliShellOsgiTest {

  private static final String X86_64_BUNDLE = "io.wali4j.backend.x86_64";
  private static final Pattern LOOP_RESULT = Pattern.compile("syscalls=(\\d+) failed=(\\d+)");
  private static final long WAIT_MILLIS = 60_000;

  @Inject private BundleContext context;
  @Inject private CommandProcessor processor;

  private final ExecutorService sessions = Executors.newCachedThreadPool();

  /** The bundles of distribution/target/felix (without the interactive console), and JUnit. */
  @Configuration
  public Option[] config() throws IOException, InterruptedException {
    Path home = Path.of(System.getProperty("wali.felix.home"));
    Path bundleDir = home.resolve("bundle");
    assertTrue(
        bundleDir + " is missing: build the distribution module", Files.isDirectory(bundleDir));
    WaliPrograms.buildAll();
    List<Option> options = new ArrayList<>();
    // wali-core addresses linear memory through sun.misc.Unsafe.
    options.add(systemPackage("sun.misc"));
    try (Stream<Path> jars = Files.list(bundleDir)) {
      jars.filter(p -> p.toString().endsWith(".jar"))
          .filter(p -> !p.getFileName().toString().startsWith("jline-"))
          .filter(p -> !p.getFileName().toString().contains("gogo.jline"))
          .sorted()
          .forEach(p -> options.add(bundle(p.toUri().toString())));
    }
    options.add(junitBundles());
    options.add(cleanCaches(true));
    return options.toArray(new Option[0]);
  }

  @Before
  public void commandsAreRegistered() throws InterruptedException, InvalidSyntaxException {
    ServiceTracker<Object, Object> commands =
        new ServiceTracker<>(context, context.createFilter("(osgi.command.scope=wali)"), null);
    commands.open();
    try {
      assertNotNull("the wali commands component", commands.waitForService(WAIT_MILLIS));
    } finally {
      commands.close();
    }
    assertNotNull(backendBundle());
  }

  @After
  public void stopSessions() {
    sessions.shutdownNow();
  }

  @Test
  public void everyBundleResolvesAndActivates() {
    for (Bundle b : context.getBundles()) {
      if (b.getHeaders().get("Fragment-Host") == null) {
        assertEquals(b.getSymbolicName() + " is active", Bundle.ACTIVE, b.getState());
      }
    }
    for (String bsn :
        List.of(
            "io.wali4j.api",
            "io.wali4j.core",
            "io.wali4j.nativeaccess",
            "io.wali4j.shell",
            "io.wali4j.jit",
            "org.objectweb.asm",
            X86_64_BUNDLE,
            "io.wali4j.backend.aarch64",
            "io.wali4j.backend.riscv64",
            "org.apache.felix.scr",
            "org.apache.felix.gogo.runtime")) {
      assertNotNull(bsn + " is installed", installed(bsn));
    }
  }

  @Test
  public void runRunsAProgramWithItsOutputInTheSession() throws Exception {
    Shell shell = new Shell();
    Object status = shell.execute("wali:run " + WaliPrograms.path("hello") + " world");
    assertEquals(3, status);
    assertTrue(
        shell.output(), shell.output().contains("hello from a WALI process: argc=2 argv[1]=world"));
  }

  /** execve of a native binary goes through the wali-native bundle's HostSpawner service. */
  @Test
  public void aProgramExecsANativeBinaryThroughTheSpawnerService() throws Exception {
    Shell shell = new Shell();
    Object status = shell.execute("wali:run " + WaliPrograms.path("exec_echo") + " osgi");
    assertEquals(shell.output(), 0, status);
    assertTrue(shell.output(), shell.output().contains("exec osgi"));
  }

  @Test
  public void aRunFromTheShellIsCompiledByTheCompilerTierService() throws Exception {
    ServiceReference<?>[] tiers =
        context.getServiceReferences("io.wali4j.core.exec.CompilerTier", null);
    assertNotNull("the CompilerTier service", tiers);
    assertEquals("io.wali4j.jit", tiers[0].getBundle().getSymbolicName());
    Shell shell = new Shell();
    int before = modulesCompiled(String.valueOf(shell.execute("wali:jit")));
    int n = 300_000;
    Object status = shell.execute("wali:run " + WaliPrograms.path("hot") + " " + n);
    assertEquals(shell.output(), 0, status);
    int x = 1;
    for (int i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) ^ i;
    }
    String expected = "hot: n=" + n + " x=" + Integer.toUnsignedString(x);
    assertTrue(shell.output(), shell.output().contains(expected));
    // Tiered: the hot function had the module compiled on the tier's background thread.
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    int after = before;
    while (after <= before && System.currentTimeMillis() < deadline) {
      after = modulesCompiled(String.valueOf(shell.execute("wali:jit")));
      if (after <= before) {
        Thread.sleep(50);
      }
    }
    assertTrue("wali:jit counts the module compiled: " + before + " -> " + after, after > before);
  }

  /**
   * The shell component starts the interpreter's dispatch warm-up when it activates, as the
   * launcher does first thing, so that HotSpot's profile of the interpreter loop exists before the
   * first program runs; a run would otherwise start it itself, late.
   */
  @Test
  public void theShellStartsTheInterpretersWarmUpBeforeAnyRun() throws Exception {
    Shell shell = new Shell();
    String expected = "interpreter dispatch warm-up: done, started before the first run";
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    String jit = String.valueOf(shell.execute("wali:jit"));
    while (!jit.contains(expected) && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
      jit = String.valueOf(shell.execute("wali:jit"));
    }
    assertTrue(jit, jit.contains(expected));
  }

  /** The count of {@code wali:jit}'s "modules compiled: N" line. */
  private static int modulesCompiled(String jitOutput) {
    Matcher m = Pattern.compile("modules compiled: (\\d+)").matcher(jitOutput);
    assertTrue("wali:jit names the compiler tier: " + jitOutput, m.find());
    return Integer.parseInt(m.group(1));
  }

  @Test
  public void backendsListsTheX86Backend() throws Exception {
    assumeTrue("needs an x86_64 host", "amd64".equals(System.getProperty("os.arch")));
    String listing = (String) new Shell().execute("wali:backends");
    assertTrue(
        listing,
        Pattern.compile("(?m)^\\* x86_64 +yes +io\\.wali4j\\.backend\\.x86_64 ")
            .matcher(listing)
            .find());
    assertTrue(listing, Pattern.compile("(?m)^  riscv64 +no ").matcher(listing).find());
  }

  @Test
  public void psListsARunningProgramAndKillEndsIt() throws Exception {
    Path stop = Files.createTempFile("wali-stop", "");
    Files.delete(stop);
    Shell runner = new Shell();
    Future<Object> status =
        runner.submit("wali:run " + WaliPrograms.path("syscall_loop") + " " + stop);
    int pid = awaitPid("syscall_loop");
    new Shell().execute("wali:kill " + pid);
    assertEquals("SIGTERM's status", 128 + 15, status.get(WAIT_MILLIS, TimeUnit.MILLISECONDS));
    assertFalse(ps(), ps().contains("syscall_loop"));
  }

  @Test
  public void updatingTheBackendTwentyTimesUnderLoadFailsNoSyscall() throws Exception {
    Path stop = Files.createTempFile("wali-stop", "");
    Files.delete(stop);
    Shell runner = new Shell();
    Future<Object> status =
        runner.submit("wali:run " + WaliPrograms.path("syscall_loop") + " " + stop);
    awaitPid("syscall_loop");
    Thread.sleep(200);
    Bundle backend = backendBundle();
    long firstService = backendServiceId();
    for (int i = 0; i < 20; i++) {
      backend.update();
      Thread.sleep(25);
    }
    long lastService = awaitBackendService();
    Files.createFile(stop);
    assertEquals(runner.output(), 0, status.get(WAIT_MILLIS, TimeUnit.MILLISECONDS));
    assertNotEquals("the service was replaced", firstService, lastService);
    assertNoSyscallFailed(runner.output());
  }

  @Test
  public void uninstallingAndReinstallingTheBackendFailsNoSyscall() throws Exception {
    Path stop = Files.createTempFile("wali-stop", "");
    Files.delete(stop);
    Shell runner = new Shell();
    Future<Object> status =
        runner.submit("wali:run " + WaliPrograms.path("syscall_loop") + " " + stop);
    awaitPid("syscall_loop");
    Thread.sleep(200);
    Bundle backend = backendBundle();
    String location = backend.getLocation();
    backend.uninstall();
    String listing = (String) new Shell().execute("wali:backends");
    assertFalse(listing, listing.contains("x86_64"));
    // Its syscalls wait now: the JVM's write count stands still (the loop writes ~10,000 times in
    // such a window while a backend is bound), and the program is still there.
    long writes = writeSyscalls();
    Thread.sleep(300);
    assertTrue("writes while no backend", writeSyscalls() - writes < 500);
    assertFalse("the program waits for a backend", status.isDone());
    Bundle again = context.installBundle(location);
    again.start();
    awaitBackendService();
    Thread.sleep(200);
    Files.createFile(stop);
    assertEquals(runner.output(), 0, status.get(WAIT_MILLIS, TimeUnit.MILLISECONDS));
    assertNoSyscallFailed(runner.output());
    assertNotEquals(backend.getBundleId(), again.getBundleId());
  }

  /** The write syscalls this JVM has made (proc(5), /proc/pid/io: syscw). */
  private static long writeSyscalls() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
      if (line.startsWith("syscw:")) {
        return Long.parseLong(line.substring(6).trim());
      }
    }
    throw new AssertionError("no syscw in /proc/self/io");
  }

  private static void assertNoSyscallFailed(String output) {
    Matcher m = LOOP_RESULT.matcher(output);
    assertTrue(output, m.find());
    assertTrue("syscalls made: " + m.group(1), Long.parseLong(m.group(1)) > 1000);
    assertEquals("failed syscalls", "0", m.group(2));
  }

  private Bundle installed(String bsn) {
    for (Bundle b : context.getBundles()) {
      if (bsn.equals(b.getSymbolicName())) {
        return b;
      }
    }
    return null;
  }

  private Bundle backendBundle() {
    return installed(X86_64_BUNDLE);
  }

  /** The service id of the ArchBackend the x86_64 bundle registers now, or -1. */
  private long backendServiceId() {
    Bundle b = backendBundle();
    ServiceReference<?>[] refs = b == null ? null : b.getRegisteredServices();
    if (refs == null) {
      return -1;
    }
    for (ServiceReference<?> ref : refs) {
      String[] classes = (String[]) ref.getProperty("objectClass");
      if (List.of(classes).contains("io.wali4j.api.ArchBackend")) {
        return (Long) ref.getProperty("service.id");
      }
    }
    return -1;
  }

  private long awaitBackendService() throws InterruptedException {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      long id = backendServiceId();
      if (id >= 0) {
        return id;
      }
      Thread.sleep(10);
    }
    throw new AssertionError("the x86_64 backend service did not come back");
  }

  private String ps() throws Exception {
    return (String) new Shell().execute("wali:ps");
  }

  /** Waits until wali:ps lists a program whose command contains {@code name}; returns its pid. */
  private int awaitPid(String name) throws Exception {
    long deadline = System.currentTimeMillis() + WAIT_MILLIS;
    while (System.currentTimeMillis() < deadline) {
      for (String line : ps().split("\n")) {
        if (line.contains(name)) {
          return Integer.parseInt(line.trim().split(" +")[0]);
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("wali:ps never listed " + name);
  }

  /** A Gogo session whose output the test reads. */
  private final class Shell {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CommandSession session =
        processor.createSession(new ByteArrayInputStream(new byte[0]), out, out);

    Object execute(String command) throws Exception {
      return session.execute(command);
    }

    Future<Object> submit(String command) {
      return sessions.submit(() -> session.execute(command));
    }

    String output() {
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
