import urql from "@urql/vue";
import { createApp } from "vue";
import App from "./App.vue";
import { createAppRouter } from "./app/router";
import { createGraphqlClient } from "./graphql/client";
import { onTokenChangedElsewhere, setViewer } from "./auth/session";
import { ViewerDocument } from "./generated/graphql";
import "./app/styles.css";

// The router asks who is signed in before the first protected page (roles decide the way).
const router = createAppRouter(async () => {
  const result = await client
    .query(ViewerDocument, {}, { requestPolicy: "network-only" })
    .toPromise();
  if (result.data) setViewer(result.data.viewer.user, result.data.viewer.partner);
});
const client = createGraphqlClient(() => {
  const current = router.currentRoute.value;
  if (!current.meta.public)
    void router.push({ name: "sign-in", query: { redirect: current.fullPath } });
});

// Signing out in another tab ends this one's session too; signing in there reloads who we are.
onTokenChangedElsewhere((token) => {
  const current = router.currentRoute.value;
  if (token === null) {
    if (!current.meta.public)
      void router.push({ name: "sign-in", query: { redirect: current.fullPath } });
  } else {
    window.location.assign(current.meta.public ? "/" : current.fullPath);
  }
});

createApp(App).use(router).use(urql, client).mount("#app");
