package io.weft.cli;

import java.util.List;

/**
 * A subcommand of {@code weft}: the words that name it ({@code roles}, {@code ingester replay}), its
 * usage and one line of what it does, and how it runs (answering the process's exit status: 0 done,
 * 1 failed, 2 bad arguments).
 */
record Command(String name, String usage, String summary, Runner runner) {
  @FunctionalInterface
  interface Runner {
    int run(List<String> args) throws Exception;
  }

  /** The words of the name, e.g. [ingester, replay]. */
  List<String> words() {
    return List.of(name.split(" "));
  }
}
