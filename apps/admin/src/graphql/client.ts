import { Client, cacheExchange, fetchExchange, mapExchange } from "@urql/core";
import { clearSession, session } from "../auth/session";
import { errorCode } from "./errors";

/**
 * One client for the app. A request refused as UNAUTHENTICATED (expired or revoked token)
 * ends the session; `onSignedOut` sends the user to sign in and remembers where they were.
 */
export function createGraphqlClient(onSignedOut: () => void): Client {
  return new Client({
    url: "/graphql",
    requestPolicy: "cache-and-network",
    // Always POST JSON: the API's CSRF prevention refuses simple GET requests by design.
    preferGetMethod: false,
    exchanges: [
      mapExchange({
        onError(error) {
          if (session.token && errorCode(error) === "UNAUTHENTICATED") {
            clearSession();
            onSignedOut();
          }
        },
      }),
      cacheExchange,
      fetchExchange,
    ],
    fetchOptions: (): RequestInit => {
      const headers: Record<string, string> = {};
      if (session.token) headers.authorization = `Bearer ${session.token}`;
      return { headers };
    },
  });
}
