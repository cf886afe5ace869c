import { reactive, readonly } from "vue";

// The bearer token is kept in localStorage, so every tab of one browser shares the session; a
// "storage" event tells the other tabs when it is set or removed, so signing out in one tab signs
// out all of them. Why this is safe: the console's CSP (script-src 'self') runs no injected or
// third-party script on its origin, and a bearer header (no cookie) is never sent by a forged
// cross-site request (CSRF). The server ends the session itself after 12 hours.
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
    return localStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

/** Another tab signed in, switched user or signed out: follow it. */
function onStorage(event: StorageEvent): void {
  if (event.key !== TOKEN_KEY && event.key !== null) return;
  const token = readToken();
  if (token === state.token) return;
  state.token = token;
  state.user = null;
  state.partner = null;
  for (const listener of tokenListeners) listener(token);
}
const tokenListeners = new Set<(token: string | null) => void>();
if (typeof window !== "undefined") window.addEventListener("storage", onStorage);

/** Called when another tab changes the session (sign-in or sign-out). */
export function onTokenChangedElsewhere(listener: (token: string | null) => void): () => void {
  tokenListeners.add(listener);
  return () => tokenListeners.delete(listener);
}

export const session = readonly(state);

export function setToken(token: string): void {
  state.token = token;
  localStorage.setItem(TOKEN_KEY, token);
}

export function setViewer(user: SessionUser, partner: SessionPartner | null): void {
  state.user = user;
  state.partner = partner;
}

export function clearSession(): void {
  state.token = null;
  state.user = null;
  state.partner = null;
  localStorage.removeItem(TOKEN_KEY);
}

export function isPartnerSysAdmin(): boolean {
  return state.user?.role === "PARTNER_SYS_ADMIN" && state.partner?.level === "PARENT";
}
