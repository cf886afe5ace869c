import { useQuery } from "@urql/vue";
import { watch } from "vue";
import { setViewer, session } from "../../auth/session";
import { ViewerDocument } from "../../generated/graphql";

/** Loads the signed-in user and partner into the session once a token exists. */
export function useViewer() {
  const result = useQuery({ query: ViewerDocument, pause: () => !session.token });
  watch(
    () => result.data.value,
    (data) => {
      if (data) setViewer(data.viewer.user, data.viewer.partner);
    },
    { immediate: true },
  );
  return result;
}
