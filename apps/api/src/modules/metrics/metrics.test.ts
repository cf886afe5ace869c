import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../config.js";
import { Metrics } from "./metrics.js";

function configErrorOf(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe("metrics settings", () => {
  it("should leave /metrics off with a 127.0.0.1 host and 100 names when nothing is set", () => {
    const config = loadConfig({});
    expect(config.metricsToken).toBeNull();
    expect(config.metricsPort).toBeNull();
    expect(config.metricsHost).toBe("127.0.0.1");
    expect(config.metricsMaxOperationNames).toBe(100);
  });

  it("should read the token, port, host and cap when they are valid", () => {
    const config = loadConfig({
      METRICS_TOKEN: "a-long-enough-token-1",
      METRICS_PORT: "9464",
      METRICS_HOST: "0.0.0.0",
      METRICS_MAX_OPERATION_NAMES: "20",
    });
    expect(config).toMatchObject({
      metricsToken: "a-long-enough-token-1",
      metricsPort: 9464,
      metricsHost: "0.0.0.0",
      metricsMaxOperationNames: 20,
    });
  });

  it("should name the variable when a metrics setting is invalid", () => {
    expect(configErrorOf({ METRICS_TOKEN: "short" }).variable).toBe("METRICS_TOKEN");
    expect(configErrorOf({ METRICS_TOKEN: "has a space in it 123" }).variable).toBe(
      "METRICS_TOKEN",
    );
    const port = configErrorOf({ METRICS_PORT: "70000" });
    expect(port.variable).toBe("METRICS_PORT");
    expect(port.message).toContain('"70000"');
    expect(configErrorOf({ METRICS_HOST: " " }).variable).toBe("METRICS_HOST");
    expect(configErrorOf({ METRICS_MAX_OPERATION_NAMES: "0" }).variable).toBe(
      "METRICS_MAX_OPERATION_NAMES",
    );
  });
});

describe("Metrics.operationLabel", () => {
  it("should keep names up to the cap and fold later ones, odd shapes and blanks when they arrive", () => {
    const metrics = new Metrics(2);
    expect(metrics.operationLabel(undefined)).toBe("anonymous");
    expect(metrics.operationLabel("")).toBe("anonymous");
    expect(metrics.operationLabel("First")).toBe("First");
    expect(metrics.operationLabel("Second")).toBe("Second");
    expect(metrics.operationLabel("Third")).toBe("other");
    expect(metrics.operationLabel("First")).toBe("First");
    expect(metrics.operationLabel(`A${"b".repeat(64)}`)).toBe("other");
    expect(metrics.operationLabel('x"} 1\nevil')).toBe("other");
  });
});
