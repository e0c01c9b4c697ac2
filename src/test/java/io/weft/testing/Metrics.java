package io.weft.testing;

/** Reads values out of Prometheus text, for assertions. */
public final class Metrics {
  private Metrics() {}

  /** The sum of every sample of {@code name} (any labels); 0 when there is none. */
  public static double value(String text, String name) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(name) && (line.charAt(name.length()) == ' ' || line.charAt(name.length()) == '{')) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }

  /** The sum of the samples of {@code name} whose labels contain {@code label} (e.g. reason="timeout"). */
  public static double value(String text, String name, String label) {
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith(name + "{") && line.contains(label)) {
        sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    return sum;
  }
}
