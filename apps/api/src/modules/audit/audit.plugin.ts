import { type ApolloServerPlugin } from "@apollo/server";
import { OperationTypeNode } from "graphql";
import { type RequestContext } from "../../context.js";
import { type AuditDraft, auditDraft } from "./audit-record.js";

/**
 * Records every root mutation field once it resolved, with its outcome, so mutations added later
 * are audited without their own code. Written before the answer leaves, after the mutations'
 * own transactions committed: a client that got an answer finds its entry.
 */
export function auditPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    requestDidStart() {
      const drafts: AuditDraft[] = [];
      return Promise.resolve({
        executionDidStart({ operation }) {
          if (operation.operation !== OperationTypeNode.MUTATION) return Promise.resolve();
          return Promise.resolve({
            willResolveField({ info, args }) {
              if (info.path.prev !== undefined) return;
              return (error: Error | null, result: unknown) => {
                drafts.push(auditDraft(info, args, error, result));
              };
            },
          });
        },
        async willSendResponse({ contextValue }) {
          if (drafts.length === 0) return;
          try {
            await contextValue.services.audit.record(contextValue, drafts);
          } catch (error) {
            contextValue.logger.error({ err: error }, "audit entry could not be written");
          }
        },
      });
    },
  };
}
