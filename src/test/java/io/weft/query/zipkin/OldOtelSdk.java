package io.weft.query.zipkin;

import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * OpenTelemetry's Zipkin exporter is deprecated: its newest release on Maven Central here (1.59.0)
 * needs SDK internals that the 1.68 SDK of Weft's tests no longer has. So it runs on its own SDK
 * (resolved from Maven Central into target/zipkin/otel-zipkin-exporter/ on first use) in a class
 * loader of its own, which sees only those jars and the test classes.
 */
final class OldOtelSdk {
  static final String EXPORTER_VERSION = "1.59.0";
  private static final Path DIR = Path.of(System.getProperty("user.dir"), "target", "zipkin", "otel-zipkin-exporter");
  private static final String POM = """
      <project xmlns="http://maven.apache.org/POM/4.0.0">
        <modelVersion>4.0.0</modelVersion>
        <groupId>io.weft.test</groupId><artifactId>otel-zipkin-exporter</artifactId><version>1</version>
        <dependencies>
          <dependency>
            <groupId>io.opentelemetry</groupId><artifactId>opentelemetry-exporter-zipkin</artifactId>
            <version>%s</version>
            <exclusions><exclusion><groupId>io.zipkin.reporter2</groupId><artifactId>zipkin-sender-okhttp3</artifactId></exclusion></exclusions>
          </dependency>
          <dependency>
            <groupId>io.zipkin.reporter2</groupId><artifactId>zipkin-sender-urlconnection</artifactId><version>3.5.1</version>
          </dependency>
        </dependencies>
      </project>
      """.formatted(EXPORTER_VERSION);

  private OldOtelSdk() {}

  /** {@link ZipkinExporterRun#run} in the exporter's class loader; returns the trace id. */
  static String zipkinExport(String zipkinSpansUrl, long startMicros) throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String jar : classpath()) {
      urls.add(new File(jar).toURI().toURL());
    }
    urls.add(Path.of(OtelShopTraffic.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toUri().toURL());
    try (URLClassLoader loader = new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Class<?> run = Class.forName(ZipkinExporterRun.class.getName(), true, loader);
      return (String) run.getMethod("run", String.class, long.class).invoke(null, zipkinSpansUrl, startMicros);
    }
  }

  private static synchronized List<String> classpath() throws Exception {
    Path cp = DIR.resolve("classpath.txt");
    if (!Files.exists(cp)) {
      Files.createDirectories(DIR);
      Files.writeString(DIR.resolve("pom.xml"), POM);
      Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-f", DIR.resolve("pom.xml").toString(),
          "dependency:build-classpath", "-Dmdep.outputFile=" + cp).redirectErrorStream(true)
          .redirectOutput(DIR.resolve("resolve.log").toFile()).start();
      if (!mvn.waitFor(10, TimeUnit.MINUTES) || mvn.exitValue() != 0 || !Files.exists(cp)) {
        throw new IllegalStateException("cannot resolve OpenTelemetry's Zipkin exporter; see " + DIR.resolve("resolve.log"));
      }
    }
    return List.of(Files.readString(cp, StandardCharsets.UTF_8).trim().split(File.pathSeparator));
  }
}
