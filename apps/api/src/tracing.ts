// Traces, off by default: load this module first (`node --import ./dist/tracing.js dist/main.js`,
// as `npm start` does) so that its hooks see every module the API loads. It turns on when an
// OTLP endpoint is configured (OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
// and OTEL_SDK_DISABLED is not "true"; everything else comes from the standard OTEL_* variables.
import { register } from "node:module";

const env = process.env;
const enabled =
  env.OTEL_SDK_DISABLED !== "true" &&
  !!(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);

let shutdown: (() => Promise<void>) | null = null;

if (enabled) {
  // ES modules are instrumented through loader hooks (import-in-the-middle), registered before
  // the API's modules load.
  register("@opentelemetry/instrumentation/hook.mjs", import.meta.url);
  const { startTracingSdk } = await import("./tracing/sdk.js");
  const sdk = startTracingSdk();
  shutdown = () => sdk.shutdown();
}

/** Sends the spans still buffered; main.ts calls it before the process exits. */
export function flushTracing(): Promise<void> {
  return shutdown ? shutdown().catch(() => undefined) : Promise.resolve();
}
