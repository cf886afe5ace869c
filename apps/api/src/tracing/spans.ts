import { type Attributes, SpanStatusCode, trace } from "@opentelemetry/api";

// Without the SDK (tracing off, the default) these are no-op spans that cost a function call.
const tracer = trace.getTracer("reseller-console");
let sdkStarted = false;

/** tracing.ts says so once the SDK runs: work that only tracing needs is skipped otherwise. */
export function markTracingStarted(): void {
  sdkStarted = true;
}

export function isTracingStarted(): boolean {
  return sdkStarted;
}

function failed(
  span: { recordException(e: Error): void; setStatus(s: { code: SpanStatusCode }): void },
  error: unknown,
): void {
  // The exception's type only: messages may quote file contents or a caller's input.
  span.recordException({ name: error instanceof Error ? error.name : "Error", message: "" });
  span.setStatus({ code: SpanStatusCode.ERROR });
}

/** Runs `work` inside a span that is the current one for everything `work` starts. */
export function inSpan<T>(
  name: string,
  attributes: Attributes,
  work: () => Promise<T>,
): Promise<T> {
  return tracer.startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await work();
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

export function inSpanSync<T>(name: string, attributes: Attributes, work: () => T): T {
  return tracer.startActiveSpan(name, { attributes }, (span) => {
    try {
      return work();
    } catch (error) {
      failed(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}
