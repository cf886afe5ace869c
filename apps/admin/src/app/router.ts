import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type Router,
} from "vue-router";
import { isPartnerSysAdmin, session } from "../auth/session";

declare module "vue-router" {
  interface RouteMeta {
    /** Reachable without signing in. */
    public?: boolean;
    /** Only a Partner Sys Admin of a Parent partner may open it. */
    sysAdminOnly?: boolean;
    /** Only the operator may open it. */
    operatorOnly?: boolean;
    title?: string;
  }
}

export function createAppRouter(loadViewer: () => Promise<void>): Router {
  const router = createRouter({
    history: createWebHistory(),
    routes: [
      {
        path: "/sign-in",
        name: "sign-in",
        component: () => import("../features/auth/SignInPage.vue"),
        meta: { public: true, title: "Sign in" },
      },
      {
        path: "/activate",
        name: "activate",
        component: () => import("../features/auth/ActivatePage.vue"),
        meta: { public: true, title: "Activate your account" },
      },
      // After sign-in the help page opens the Accounts List of the caller's own partner.
      {
        path: "/",
        name: "home",
        component: { render: () => null },
        // A guard, not a redirect: redirects resolve before beforeEach has loaded the viewer.
        beforeEnter: () =>
          session.partner ? `/partners/${session.partner.id}/accounts` : "/partners",
      },
      {
        path: "/partners",
        name: "partners",
        component: () => import("../features/partners/PartnersPage.vue"),
        meta: { title: "Partners" },
      },
      {
        path: "/partners/new",
        name: "add-partner",
        component: () => import("../features/partners/AddPartnerPage.vue"),
        meta: { sysAdminOnly: true, title: "Add Partner" },
      },
      {
        path: "/partners/:partnerId(\\d+)/accounts",
        name: "accounts",
        component: () => import("../features/accounts/AccountsListPage.vue"),
        props: true,
        meta: { title: "Accounts List" },
      },
      {
        path: "/partners/:partnerId(\\d+)/resellers",
        name: "resellers",
        component: () => import("../features/resellers/ResellerSettingsPage.vue"),
        props: true,
        meta: { title: "Reseller Settings" },
      },
      {
        path: "/partners/:partnerId(\\d+)/billing",
        name: "billing",
        component: () => import("../features/billing/ChildBillingPage.vue"),
        props: true,
        meta: { title: "Billing" },
      },
      {
        path: "/partners/:partnerId(\\d+)/billing/overview",
        name: "billing-overview",
        component: () => import("../features/billing/BillingOverviewPage.vue"),
        props: true,
        meta: { sysAdminOnly: true, title: "Billing overview" },
      },
      {
        path: "/partners/:partnerId(\\d+)/billing/pricing",
        name: "billing-pricing",
        component: () => import("../features/billing/PricingRulesPage.vue"),
        props: true,
        meta: { sysAdminOnly: true, title: "Pricing rules" },
      },
      {
        path: "/partners/:partnerId(\\d+)/billing/upload",
        name: "billing-upload",
        component: () => import("../features/billing/BillingUploadPage.vue"),
        props: true,
        meta: { sysAdminOnly: true, title: "Upload cost report" },
      },
      {
        path: "/partners/:partnerId(\\d+)/billing/jobs",
        name: "billing-jobs",
        component: () => import("../features/billing/BillingJobsPage.vue"),
        props: true,
        meta: { sysAdminOnly: true, title: "Billing jobs" },
      },
      {
        path: "/partners/:partnerId(\\d+)/billing/invoices",
        name: "billing-invoices",
        component: () => import("../features/invoices/InvoicesPage.vue"),
        props: true,
        meta: { sysAdminOnly: true, title: "Invoices" },
      },
      {
        path: "/partners/:partnerId(\\d+)/billing/details",
        name: "billing-details",
        component: () => import("../features/invoices/BillingDetailsPage.vue"),
        props: true,
        meta: { sysAdminOnly: true, title: "Billing details" },
      },
      {
        path: "/partners/:partnerId(\\d+)/invoices",
        name: "child-invoices",
        component: () => import("../features/invoices/ChildInvoicesPage.vue"),
        props: true,
        meta: { title: "Invoices" },
      },
      {
        path: "/partners/:partnerId(\\d+)/invoices/:invoiceId(\\d+)",
        name: "invoice",
        component: () => import("../features/invoices/InvoiceDetailPage.vue"),
        props: true,
        meta: { title: "Invoice" },
      },
      {
        path: "/partners/:partnerId(\\d+)/users",
        name: "users",
        component: () => import("../features/users/UsersPage.vue"),
        props: true,
        meta: { title: "Users" },
      },
      {
        path: "/parents/new",
        name: "add-parent",
        component: () => import("../features/parents/AddParentPage.vue"),
        meta: { operatorOnly: true, title: "New Parent partner" },
      },
      {
        path: "/api-keys",
        name: "api-keys",
        component: () => import("../features/api-keys/ApiKeysPage.vue"),
        meta: { title: "API keys" },
      },
      {
        path: "/account/password",
        name: "change-password",
        component: () => import("../features/account/ChangePasswordPage.vue"),
        meta: { title: "Change password" },
      },
      {
        path: "/forgot-password",
        name: "forgot-password",
        component: () => import("../features/account/ForgotPasswordPage.vue"),
        meta: { public: true, title: "Forgot password" },
      },
      {
        path: "/reset-password",
        name: "reset-password",
        component: () => import("../features/account/ResetPasswordPage.vue"),
        meta: { public: true, title: "Choose a new password" },
      },
      {
        path: "/audit",
        name: "audit-log",
        component: () => import("../features/audit/AuditLogPage.vue"),
        meta: { title: "Audit log" },
      },
      {
        path: "/:pathMatch(.*)*",
        name: "not-found",
        component: () => import("../features/layout/NotFoundPage.vue"),
        meta: { title: "Page not found" },
      },
    ],
  });

  router.beforeEach(async (to: RouteLocationNormalized) => {
    if (to.meta.public) return true;
    if (!session.token) return { name: "sign-in", query: { redirect: to.fullPath } };
    // Who is signed in decides where they may go: know it before the first protected page.
    if (!session.user) await loadViewer();
    if (!session.token) return { name: "sign-in", query: { redirect: to.fullPath } };
    if (to.meta.sysAdminOnly && session.user && !isPartnerSysAdmin()) return { name: "partners" };
    if (to.meta.operatorOnly && session.user && session.user.role !== "OPERATOR")
      return { name: "partners" };
    return true;
  });
  router.afterEach((to) => {
    document.title = to.meta.title ? `${to.meta.title} · Reseller Console` : "Reseller Console";
  });
  return router;
}
