import { afterEach, describe, expect, it } from "vitest";
import { clearSession, onTokenChangedElsewhere, session, setToken, setViewer } from "./session";

const KEY = "reseller-console.token";
afterEach(() => clearSession());

/** What the browser does in this tab when another tab of the same origin writes the key. */
function otherTabWrites(value: string | null) {
  if (value === null) localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, value);
  window.dispatchEvent(new StorageEvent("storage", { key: KEY, newValue: value }));
}

describe("session across tabs", () => {
  it("should keep the token in localStorage, shared by every tab of the browser", () => {
    setToken("rcs_one");
    expect(localStorage.getItem(KEY)).toBe("rcs_one");
    clearSession();
    expect(localStorage.getItem(KEY)).toBeNull();
  });

  it("should sign this tab out when another tab signs out, and tell the app", () => {
    const seen: (string | null)[] = [];
    const stop = onTokenChangedElsewhere((token) => seen.push(token));
    setToken("rcs_one");
    setViewer({ id: "1", email: "a@b.test", name: null, role: "USER" }, null);
    otherTabWrites(null);
    expect(session.token).toBeNull();
    expect(session.user).toBeNull();
    otherTabWrites("rcs_two");
    expect(session.token).toBe("rcs_two");
    expect(seen).toEqual([null, "rcs_two"]);
    stop();
    otherTabWrites("rcs_three");
    expect(seen).toEqual([null, "rcs_two"]);
  });
});
