import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vite";

// `pnpm dev`: hot reload here; GraphQL and uploads proxied to the API (started by its own dev task).
const apiUrl = process.env.API_URL ?? "http://localhost:4000";

export default defineConfig({
  plugins: [vue()],
  server: {
    port: 5173,
    proxy: {
      "/graphql": { target: apiUrl, changeOrigin: false },
      "/billing": { target: apiUrl, changeOrigin: false },
    },
  },
  // ECharts (about 510 kB minified) loads only with the billing chart, in its own chunk.
  // Source maps publish the console's source: built only on request (CONSOLE_SOURCEMAPS=1).
  build: {
    outDir: "dist",
    sourcemap: process.env.CONSOLE_SOURCEMAPS === "1",
    chunkSizeWarningLimit: 600,
  },
});
