import { session } from "../../auth/session";

/**
 * Fetches an invoice document with the session's bearer token (the API serves them only so) and
 * hands it to the browser as a download. The URL's path is used on this origin, where the API
 * serves the console.
 */
export async function downloadDocument(url: string, fileName: string): Promise<void> {
  const path = new URL(url, window.location.origin).pathname;
  const response = await fetch(path, {
    headers: session.token ? { authorization: `Bearer ${session.token}` } : {},
  });
  if (!response.ok) throw new Error(`The download failed (HTTP ${response.status}).`);
  const blob = await response.blob();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  URL.revokeObjectURL(link.href);
}
