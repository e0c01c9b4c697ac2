package io.weft.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one way tests start a process (a Weft node, a Kafka broker, a Cassandra node, a command run to
 * its end): in a session of its own (setsid), so that a signal meant for it reaches nothing else, with
 * its output appended to a log file, and a small shell watchdog that stops it if this JVM dies without
 * running its shutdown hooks, so a killed test run leaves nothing behind. Stopping is SIGTERM, then
 * SIGKILL if it does not exit in time; {@link #kill()} is SIGKILL alone, as on a crash.
 */
public final class ChildProcess {
  private static final String WATCHDOG = """
      parent=$1; log=$2; shift 2
      "$@" >>"$log" 2>&1 &
      child=$!
      echo "$child"
      trap 'kill "$child" 2>/dev/null; exit 0' TERM
      while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
      kill "$child" 2>/dev/null
      wait "$child"
      """;

  private final String name;
  private final Path log;
  private final long logFrom;
  private final Process watchdog;
  private final ProcessHandle child;

  private ChildProcess(String name, Path log, long logFrom, Process watchdog, ProcessHandle child) {
    this.name = name;
    this.log = log;
    this.logFrom = logFrom;
    this.watchdog = watchdog;
    this.child = child;
  }

  /**
   * Runs {@code command} with its output appended to {@code log}. A script that {@code exec}s its
   * server leaves the server itself as the child, so signals reach it.
   */
  public static ChildProcess start(String name, List<String> command, Path log) throws IOException {
    long logFrom = Files.exists(log) ? Files.size(log) : 0; // a restart appends: only this start's lines count
    List<String> cmd = new ArrayList<>(List.of("setsid", "bash", "-c", WATCHDOG, "weft-test-watchdog",
        Long.toString(ProcessHandle.current().pid()), log.toString()));
    cmd.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process watchdog = pb.start();
    String pid = new BufferedReader(new InputStreamReader(watchdog.getInputStream(), StandardCharsets.UTF_8)).readLine();
    if (pid == null) {
      throw new IllegalStateException("cannot start " + name + "; see " + log);
    }
    ProcessHandle child = ProcessHandle.of(Long.parseLong(pid.trim()))
        .orElseThrow(() -> new IllegalStateException(name + " exited at once: " + tail(log, 40)));
    return new ChildProcess(name, log, logFrom, watchdog, child);
  }

  /** {@code java} of this JVM on the test classpath: {@code jvmFlags}, then {@code mainClass} and {@code args}. */
  public static List<String> java(List<String> jvmFlags, String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmFlags);
    cmd.addAll(List.of("-cp", classpath(), mainClass));
    cmd.addAll(args);
    return cmd;
  }

  /** The test JVM's own classpath (surefire passes it in a property when it uses a manifest-only jar). */
  private static String classpath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }

  /**
   * Polls {@code ready} until it holds. Fails, with the end of the log, if the process exits first or
   * {@code seconds} pass; the process is then stopped.
   */
  public ChildProcess awaitReady(int seconds, Wait.Condition ready) throws InterruptedException {
    try {
      Wait.until(name + " ready", seconds, () -> {
        if (!isAlive()) {
          throw new IllegalStateException(name + " exited while starting");
        }
        return ready.holds();
      });
      return this;
    } catch (AssertionError | RuntimeException e) {
      stop(10);
      throw new IllegalStateException(e.getMessage() + "; the end of its log:\n" + tail(40), e);
    }
  }

  /** Waits for the process to end by itself; its exit code (the watchdog exits with it). Fails after {@code seconds}. */
  public int awaitExit(int seconds) throws Exception {
    child.onExit().get(seconds, TimeUnit.SECONDS);
    if (!watchdog.waitFor(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " ended but its watchdog did not");
    }
    return watchdog.exitValue();
  }

  public long pid() {
    return child.pid();
  }

  public boolean isAlive() {
    return child.isAlive();
  }

  /** SIGKILL, as on a crash; returns once the process is gone. */
  public void kill() {
    child.destroyForcibly();
    child.onExit().join();
  }

  /** SIGTERM, then SIGKILL after {@code seconds}; returns once the process is gone. */
  public void stop(int seconds) {
    if (child.isAlive()) {
      child.destroy();
      try {
        child.onExit().get(seconds, TimeUnit.SECONDS);
      } catch (Exception e) {
        kill();
      }
    }
    watchdog.destroy();
  }

  /** What this start of the process has written to its log so far. */
  public String log() {
    try {
      byte[] all = Files.readAllBytes(log);
      int from = (int) Math.min(logFrom, all.length);
      return new String(all, from, all.length - from, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Whether this start of the process has written {@code text} (a ready line) to its log. */
  public boolean logSays(String text) {
    return log().contains(text);
  }

  private String tail(int lines) {
    return tail(log, lines);
  }

  private static String tail(Path log, int n) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
