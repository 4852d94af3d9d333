// Starts the web UI. A file of its own, not an inline script: the Content-Security-Policy allows
// only the server's own scripts.
import init from '/annex_web.js';
init({ module_or_path: '/annex_web_bg.wasm' });
