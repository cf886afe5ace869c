import { type ApolloServerPlugin } from "@apollo/server";
import { type RequestContext } from "../../context.js";
import { type Metrics } from "./metrics.js";

/** Counts and times every GraphQL request Apollo processes, with its first error's code. */
export function graphqlMetricsPlugin(metrics: Metrics): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart() {
      const started = process.hrtime.bigint();
      return Promise.resolve({
        willSendResponse({ operation, response }) {
          const name = metrics.operationLabel(operation?.name?.value);
          const type = operation?.operation ?? "unknown";
          const body = response.body;
          const code =
            body.kind === "single" ? body.singleResult.errors?.[0]?.extensions?.code : undefined;
          const outcome =
            typeof code === "string"
              ? code
              : body.kind === "single" && body.singleResult.errors
                ? "INTERNAL_SERVER_ERROR"
                : "ok";
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          metrics.graphqlOperations.inc({ operation_name: name, operation_type: type, outcome });
          metrics.graphqlDuration.observe({ operation_name: name, operation_type: type }, seconds);
          return Promise.resolve();
        },
      });
    },
  };
}
