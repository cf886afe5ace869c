import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { ExpressInstrumentation } from "@opentelemetry/instrumentation-express";
import { GraphQLInstrumentation } from "@opentelemetry/instrumentation-graphql";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { PgInstrumentation } from "@opentelemetry/instrumentation-pg";
import { PinoInstrumentation } from "@opentelemetry/instrumentation-pino";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { scrubAttributes, scrubText } from "./scrub.js";
import { markTracingStarted } from "./spans.js";

type Spans = Parameters<OTLPTraceExporter["export"]>[0];
type Done = Parameters<OTLPTraceExporter["export"]>[1];

/** Sends spans on with their attributes scrubbed (scrub.ts): the last stop before the network. */
class ScrubbingExporter {
  constructor(private readonly inner: OTLPTraceExporter) {}

  export(spans: Spans, done: Done): void {
    const scrubbed = spans.map(
      (span) =>
        Object.create(span, {
          attributes: { value: scrubAttributes(span.attributes) },
          events: {
            value: span.events.map((event) => ({
              ...event,
              attributes: event.attributes ? scrubAttributes(event.attributes) : event.attributes,
            })),
          },
          status: {
            value: {
              ...span.status,
              message: span.status.message ? scrubText(span.status.message) : span.status.message,
            },
          },
        }) as Spans[number],
    );
    this.inner.export(scrubbed, done);
  }

  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }

  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }
}

const UNTRACED = /^\/(healthz|readyz|metrics)(\?|$)/;

/**
 * The OpenTelemetry SDK, configured by the standard OTEL_* variables (service name, sampler,
 * endpoint, batch delays). Spans leave as OTLP over HTTP with JSON bodies.
 */
export function startTracingSdk(): NodeSDK {
  const sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME ?? "reseller-console-api",
    traceExporter: new ScrubbingExporter(new OTLPTraceExporter()),
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED.test(req.url ?? ""),
        // The API calls nothing over HTTP that a trace needs (SMTP is not HTTP).
        disableOutgoingRequestInstrumentation: true,
      }),
      new ExpressInstrumentation(),
      // No argument values in spans (allowValues: false is the default; said here on purpose).
      new GraphQLInstrumentation({
        allowValues: false,
        mergeItems: true,
        ignoreTrivialResolveSpans: true,
      }),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      // trace_id and span_id in log lines; the logs themselves stay on stdout.
      new PinoInstrumentation({ disableLogSending: true }),
    ],
  });
  sdk.start();
  markTracingStarted();
  return sdk;
}
