import { reactive, readonly } from "vue";

// The bearer token lives for the browser tab's session (sessionStorage), as the issue asks:
// closing the tab signs out, a reload keeps the user signed in.
const TOKEN_KEY = "reseller-console.token";

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  role: "OPERATOR" | "PARTNER_SYS_ADMIN" | "ADMINISTRATOR" | "USER";
}

export interface SessionPartner {
  id: string;
  name: string;
  level: "PARENT" | "CHILD";
}

interface SessionState {
  token: string | null;
  user: SessionUser | null;
  partner: SessionPartner | null;
}

const state = reactive<SessionState>({ token: readToken(), user: null, partner: null });

function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export const session = readonly(state);

export function setToken(token: string): void {
  state.token = token;
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function setViewer(user: SessionUser, partner: SessionPartner | null): void {
  state.user = user;
  state.partner = partner;
}

export function clearSession(): void {
  state.token = null;
  state.user = null;
  state.partner = null;
  sessionStorage.removeItem(TOKEN_KEY);
}

export function isPartnerSysAdmin(): boolean {
  return state.user?.role === "PARTNER_SYS_ADMIN" && state.partner?.level === "PARENT";
}
