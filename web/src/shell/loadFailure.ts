/**
 * Replaces the page with a message saying that the dashboard's code could
 * not be loaded: better than a blank page, or than the chart page's inert
 * shell, which would look like a page that ignores every click.
 */
export function showLoadFailure(reason: string, doc: Document = document) {
  const message = doc.createElement("p");
  message.setAttribute("role", "alert");
  message.className = "p-6 text-sm text-rose-300";
  message.textContent =
    `The dashboard's code could not be loaded (${reason}). ` +
    "Check that the server is running, then reload the page.";
  doc.getElementById("root")?.replaceChildren(message);
}
