// Asks for the chart's data while the dashboard's code is still loading.
// The chart page remembers, for its address, the exact request it made
// (llmscope.chartPreload = {hash, url}); when the page opens on that same
// address again (a reload, a bookmark), this sends the request at once and
// the chart page takes its answer instead of asking again. Plain script,
// no imports: it runs before the module bundle.
(function () {
  try {
    var key = localStorage.getItem("llmscope.apiKey");
    var saved = JSON.parse(
      localStorage.getItem("llmscope.chartPreload") || "null",
    );
    if (!key || !saved || saved.hash !== location.hash) return;
    if (
      typeof saved.url !== "string" ||
      saved.url.indexOf("/api/stats/spc?") !== 0
    )
      return;
    window.llmscopePreload = {
      url: saved.url,
      response: fetch(saved.url, {
        headers: {
          Accept: "application/json",
          Authorization: "Bearer " + key.trim(),
        },
      }),
    };
  } catch (e) {
    // Nothing remembered, or storage unavailable: the page asks itself.
  }
})();
