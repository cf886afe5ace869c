import { Client, type Exchange, type Operation, getOperationName, makeResult } from "@urql/core";
import { type GraphQLFormattedError } from "graphql";
import { filter, fromPromise, fromValue, mergeMap, pipe } from "wonka";

export interface Reply {
  data?: Record<string, unknown> | null;
  errors?: GraphQLFormattedError[];
}

/** Answers one operation; a promise keeps the operation in flight until it settles. */
export type Answer = (operation: Operation) => Reply | Promise<Reply>;

/** One answer for every operation, or one per operation name (a missing name fails the test). */
export type Replies = Answer | Record<string, Answer>;

export const operationName = (operation: Operation): string =>
  getOperationName(operation.query) ?? "";

/** The operations in `sent` with that name, in the order they were sent. */
export const named = (sent: readonly Operation[], name: string): Operation[] =>
  sent.filter((operation) => operationName(operation) === name);

function answerFor(replies: Replies, operation: Operation): Answer {
  if (typeof replies === "function") return replies;
  const answer = replies[operationName(operation)];
  if (!answer) throw new Error(`no canned reply for ${operationName(operation)}`);
  return answer;
}

/** A real urql client whose one exchange answers each operation with a canned reply and records it. */
export function cannedClient(replies: Replies): { client: Client; sent: Operation[] } {
  const sent: Operation[] = [];
  const canned: Exchange = () => (operations$) =>
    pipe(
      operations$,
      filter((operation) => operation.kind !== "teardown"),
      mergeMap((operation) => {
        sent.push(operation);
        const reply = answerFor(replies, operation)(operation);
        // A plain reply arrives synchronously, as from a cache; a promise arrives when it settles.
        return reply instanceof Promise
          ? fromPromise(reply.then((settled) => makeResult(operation, settled)))
          : fromValue(makeResult(operation, reply));
      }),
    );
  return { client: new Client({ url: "/graphql", exchanges: [canned] }), sent };
}
