/**
 * Until the Svelte UI lands, the control plane's root page shows the status
 * document. Values are placed with textContent only: nothing from the API is
 * ever parsed as HTML.
 */
export const STATUS_PAGE_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>agentfleet</title>
<style>body{font:14px system-ui,sans-serif;margin:2rem;color:#222}pre{background:#f4f4f4;padding:1rem;border-radius:6px}</style>
</head><body>
<h1>agentfleet</h1>
<p>Control plane is up. The fleet view arrives with the UI; meanwhile, the live status document:</p>
<pre id="status">loading…</pre>
<script>
async function refresh() {
  const el = document.getElementById('status');
  try {
    const res = await fetch('/api/v1/status');
    el.textContent = res.ok ? JSON.stringify(await res.json(), null, 2) : 'HTTP ' + res.status;
  } catch (e) { el.textContent = String(e); }
}
refresh(); setInterval(refresh, 2000);
</script>
</body></html>
`;
