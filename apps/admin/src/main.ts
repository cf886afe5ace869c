import urql from "@urql/vue";
import { createApp } from "vue";
import App from "./App.vue";
import { createAppRouter } from "./app/router";
import { createGraphqlClient } from "./graphql/client";
import "./app/styles.css";

const router = createAppRouter();
const client = createGraphqlClient(() => {
  const current = router.currentRoute.value;
  if (!current.meta.public)
    void router.push({ name: "sign-in", query: { redirect: current.fullPath } });
});

createApp(App).use(router).use(urql, client).mount("#app");
