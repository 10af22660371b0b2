// Vite build of the dashboard: Preact, output in dashboard/dist (served by the control plane at /).
// `vite dev` / `vite preview` proxy /api to a control plane (DECNET_API_URL, default :8080).
// No inline scripts, no eval, no CDN: the build runs under the control plane's strict CSP.
import { defineConfig } from 'vite';
import preact from '@preact/preset-vite';
import { fileURLToPath } from 'node:url';

const apiTarget = process.env.DECNET_API_URL ?? 'http://127.0.0.1:8080';
const proxy = { '/api': { target: apiTarget, changeOrigin: false } };
/** The control plane's policy, so `vite preview` behaves like production (dev needs inline HMR). */
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [preact()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false, reportCompressedSize: true },
  server: { proxy },
  preview: { proxy, headers: { 'content-security-policy': CSP } },
});
