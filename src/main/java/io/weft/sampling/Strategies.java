package io.weft.sampling;

import io.weft.config.FileNode;
import io.weft.sampling.SamplingStrategy.Operation;
import io.weft.sampling.SamplingStrategy.Operations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The strategies of a Jaeger strategies file, resolved as Jaeger's static strategy store does:
 *
 * <pre>
 * {"default_strategy": {"type": "probabilistic", "param": 0.5,
 *                       "operation_strategies": [{"operation": "/health", "type": "probabilistic", "param": 0}]},
 *  "service_strategies": [{"service": "foo", "type": "ratelimiting", "param": 5,
 *                          "operation_strategies": [...]}]}
 * </pre>
 *
 * A service without its own entry gets the default. A probabilistic service without operation
 * strategies inherits the default's, with its own rate as their default; a service with some gets the
 * default's for operations it does not list. Operation strategies are probabilistic only (a
 * rate-limiting one is ignored, with a warning, as in Jaeger). Anything else malformed (an unknown
 * type, a rate outside [0, 1], a missing service name) is an error: the file is refused.
 */
public final class Strategies {
  private static final Logger LOG = LoggerFactory.getLogger(Strategies.class);

  private final SamplingStrategy defaultStrategy;
  private final Map<String, SamplingStrategy> services;

  private Strategies(SamplingStrategy defaultStrategy, Map<String, SamplingStrategy> services) {
    this.defaultStrategy = defaultStrategy;
    this.services = services;
  }

  /** Without a file: every service samples with the given probability. */
  public static Strategies fixed(double probability) {
    return new Strategies(SamplingStrategy.probabilistic(probability), Map.of());
  }

  public SamplingStrategy forService(String service) {
    return services.getOrDefault(service, defaultStrategy);
  }

  /** Whether the file has an entry of its own for the service (which then wins over adaptive sampling). */
  public boolean hasService(String service) {
    return services.containsKey(service);
  }

  /**
   * Parses a strategies file; {@code defaultProbability} is used where the file names no rate. A
   * problem is a {@link FileNode.Problem} naming the line and the reason.
   */
  public static Strategies parse(byte[] json, double defaultProbability) {
    FileNode root = FileNode.parse(json);
    if (!root.isObject()) {
      throw root.error("expected a JSON object with default_strategy and/or service_strategies");
    }
    FileNode defNode = root.get("default_strategy");
    SamplingStrategy def = !defNode.isMissing()
        ? service(defNode, defaultProbability, "default_strategy")
        : SamplingStrategy.probabilistic(defaultProbability);
    Map<String, SamplingStrategy> services = new LinkedHashMap<>();
    for (FileNode n : root.get("service_strategies").elements()) {
      String name = n.get("service").text("");
      if (name.isEmpty()) {
        throw n.error("a service strategy without \"service\"");
      }
      services.put(name, inherit(service(n, defaultProbability, "service " + name), def));
    }
    return new Strategies(def, Map.copyOf(services));
  }

  /** Jaeger's merge of a service's operation strategies with the default's. */
  private static SamplingStrategy inherit(SamplingStrategy s, SamplingStrategy def) {
    if (def.operations() == null) {
      return s;
    }
    if (s.operations() == null) {
      return s.type() == SamplingStrategy.Type.PROBABILISTIC
          ? s.withOperations(def.operations().withDefaultProbability(s.probability()))
          : s;
    }
    Map<String, Operation> merged = new LinkedHashMap<>();
    def.operations().perOperation().forEach(o -> merged.put(o.operation(), o));
    s.operations().perOperation().forEach(o -> merged.put(o.operation(), o)); // the service's own win
    List<Operation> sorted = new ArrayList<>(merged.values());
    sorted.sort(Comparator.comparing(Operation::operation));
    return s.withOperations(s.operations().withPerOperation(sorted));
  }

  private static SamplingStrategy service(FileNode n, double defaultProbability, String where) {
    SamplingStrategy s = strategy(n, where);
    List<FileNode> ops = n.get("operation_strategies").elements();
    if (ops.isEmpty()) {
      return s;
    }
    double opDefault = s.type() == SamplingStrategy.Type.PROBABILISTIC ? s.probability() : defaultProbability;
    List<Operation> list = new ArrayList<>();
    for (FileNode o : ops) {
      String op = o.get("operation").text("");
      String at = where + ", operation " + op;
      SamplingStrategy os = strategy(o, at);
      if (os.type() != SamplingStrategy.Type.PROBABILISTIC) {
        LOG.warn("sampling strategies: {}: operation strategies can only be probabilistic; ignored (the "
            + "operation gets the default {})", at, opDefault);
        continue;
      }
      list.add(new Operation(op, os.probability()));
    }
    return s.withOperations(new Operations(opDefault, 0, 0, list));
  }

  private static SamplingStrategy strategy(FileNode n, String where) {
    String type = n.get("type").text("");
    FileNode param = n.get("param");
    if (!param.value().isNumber()) {
      throw param.error(where + ": \"param\" must be a number");
    }
    double p = param.value().asDouble();
    return switch (type) {
      case "probabilistic" -> {
        if (!(p >= 0 && p <= 1)) {
          throw param.error(where + ": a probabilistic param must be between 0 and 1, got " + p);
        }
        yield SamplingStrategy.probabilistic(p);
      }
      case "ratelimiting" -> {
        if (!(p >= 0 && p <= Short.MAX_VALUE)) {
          throw param.error(where + ": a ratelimiting param must be between 0 and 32767, got " + p);
        }
        yield SamplingStrategy.rateLimiting((int) p);
      }
      default -> throw n.get("type").error(where + ": unknown type \"" + type
          + "\" (use probabilistic or ratelimiting)");
    };
  }
}
