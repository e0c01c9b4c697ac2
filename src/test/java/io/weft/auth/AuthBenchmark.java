package io.weft.auth;

import io.vertx.core.Vertx;
import io.weft.testing.TestJwts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the gate costs one request (scores are checks per second on one thread): a token of the tokens
 * file, a JWT already checked (remembered), and a JWT's first check (signature verified, RS256 and
 * ES256) against keys fetched from a real JWKS server. Compare with CodecBenchmark.decodeOtlpProtobuf
 * (spans per second, a request holds 512): the share of an OTLP gRPC request spent on its token.
 * Run: bench/jmh.sh AuthBenchmark
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class AuthBenchmark {
  private static final String ISS = "https://idp.bench";
  private static final String AUD = "weft";
  private Vertx vertx;
  private TestJwts idp;
  private Authenticator authenticator;
  private JwtRules rules;
  private JwksKeys jwks;
  private String fileToken;
  private String jwtRs;
  private String jwtEs;

  @Setup
  public void setUp() throws Exception {
    TestJwts.Key rsa = TestJwts.Key.rsa("rsa");
    TestJwts.Key ec = TestJwts.Key.ec("ec");
    idp = new TestJwts(rsa, ec);
    Path tokens = Files.createTempFile("weft-bench-tokens", "");
    StringBuilder file = new StringBuilder();
    for (int i = 0; i < 1000; i++) { // a file of a thousand tokens
      file.append("token-").append(i).append("-0123456789abcdef write tenant-").append(i).append('\n');
    }
    Files.writeString(tokens, file);
    fileToken = "Bearer token-500-0123456789abcdef";
    OidcSettings oidc = new OidcSettings(idp.url(), ISS, AUD, "tenant", "scope", "weft:", 0, 60);
    vertx = Vertx.vertx();
    jwks = new JwksKeys(oidc, "");
    jwks.start(vertx).await(10, TimeUnit.SECONDS);
    rules = new JwtRules(oidc);
    authenticator = new Authenticator(new TokenStore(tokens.toString(), 0), jwks, rules, System::currentTimeMillis,
        Authenticator::inline);
    jwtRs = rsa.sign(TestJwts.claims(ISS, AUD, Map.of("scope", "weft:write", "tenant", "a")));
    jwtEs = ec.sign(TestJwts.claims(ISS, AUD, Map.of("scope", "weft:write", "tenant", "a")));
    authenticator.authenticate("Bearer " + jwtRs).await(10, TimeUnit.SECONDS);
    Files.delete(tokens);
  }

  @TearDown
  public void tearDown() throws Exception {
    jwks.stop();
    vertx.close().await(10, TimeUnit.SECONDS);
    idp.close();
  }

  @Benchmark
  public Object tokenOfTheFile() {
    return authenticator.authenticate(fileToken).result();
  }

  @Benchmark
  public Object jwtRemembered() {
    return authenticator.authenticate("Bearer " + jwtRs).result();
  }

  @Benchmark
  public Object jwtFirstCheckRs256() {
    return rules.check(Jwt.parse(jwtRs), jwks.current(), System.currentTimeMillis());
  }

  @Benchmark
  public Object jwtFirstCheckEs256() {
    return rules.check(Jwt.parse(jwtEs), jwks.current(), System.currentTimeMillis());
  }
}
