import urql from "@urql/vue";
import { mount } from "@vue/test-utils";
import { defineComponent, h } from "vue";
import { type RouteLocationRaw, type Router, createMemoryHistory, createRouter } from "vue-router";
import {
  type SessionPartner,
  type SessionUser,
  clearSession,
  setToken,
  setViewer,
} from "../auth/session";
import { type Replies, cannedClient } from "./canned-client";

const Stub = defineComponent({ render: () => h("p", "stub") });
const unmounts: (() => void)[] = [];

interface ApiMountOptions<T> {
  /** Route name → path; each route renders a stub, so links resolve without loading pages. */
  routes: Record<string, string>;
  /** Where the router is when the component mounts. */
  at: RouteLocationRaw;
  replies: Replies;
  props?: NonNullable<Parameters<typeof mount<T>>[1]>["props"];
}

/** Mounts `component` in the document with a memory router and a canned urql client. */
export async function mountWithApi<T>(
  component: T,
  { routes, at, replies, props }: ApiMountOptions<T>,
) {
  const router: Router = createRouter({
    history: createMemoryHistory(),
    routes: Object.entries(routes).map(([name, path]) => ({ name, path, component: Stub })),
  });
  await router.push(at);
  const { client, sent } = cannedClient(replies);
  const wrapper = mount(component, {
    props,
    attachTo: document.body,
    global: { plugins: [router, [urql, client]] },
  });
  unmounts.push(() => wrapper.unmount());
  return { wrapper, router, sent };
}

/** Signs in with a test token as `user` of `partner`. */
export function signInAs(user: SessionUser, partner: SessionPartner): void {
  setToken("test-token");
  setViewer(user, partner);
}

/** For `afterEach`: unmounts what the test mounted and signs out. */
export function cleanUp(): void {
  for (const unmount of unmounts.splice(0)) unmount();
  clearSession();
}
