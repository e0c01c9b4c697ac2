package io.weft.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server process for a test (a Kafka broker, a Weft node), in a session of its own (setsid) so
 * that a signal meant for it reaches nothing else, with a small shell watchdog that stops it if
 * this JVM dies without running its shutdown hooks: a killed test run leaves nothing behind.
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
      """;

  private final Process watchdog;
  private final ProcessHandle child;

  private ChildProcess(Process watchdog, ProcessHandle child) {
    this.watchdog = watchdog;
    this.child = child;
  }

  /** Runs {@code command} with its output appended to {@code log}. */
  public static ChildProcess start(List<String> command, Path log) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("setsid", "bash", "-c", WATCHDOG, "weft-test-watchdog",
        Long.toString(ProcessHandle.current().pid()), log.toString()));
    cmd.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    Process watchdog = pb.start();
    String pid = new BufferedReader(new InputStreamReader(watchdog.getInputStream(), StandardCharsets.UTF_8)).readLine();
    if (pid == null) {
      throw new IllegalStateException("cannot start " + command.get(0) + "; see " + log);
    }
    ProcessHandle child = ProcessHandle.of(Long.parseLong(pid.trim()))
        .orElseThrow(() -> new IllegalStateException(command.get(0) + " exited at once; see " + log));
    return new ChildProcess(watchdog, child);
  }

  public long pid() {
    return child.pid();
  }

  public boolean isAlive() {
    return child.isAlive();
  }

  /** SIGKILL, as on a crash. */
  public void kill() {
    child.destroyForcibly();
    child.onExit().join();
  }

  /** SIGTERM, then SIGKILL after {@code seconds}. */
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
}
