import { defineConfig } from 'vite';

// Byggutdata måste klara serverns strikta Content-Security-Policy:
// inga inline-skript, inga inline-stilar, inga data:-typsnitt.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Polyfillen för modulepreload injiceras annars som inline-kod i index.html.
    modulePreload: { polyfill: false },
    // Lägg alla tillgångar som egna filer (aldrig data:-URI:er).
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    // `npm run dev`: skicka API-anrop och config.json vidare till backend.
    proxy: {
      '/api': 'http://localhost:8080',
      '/config.json': 'http://localhost:8080',
    },
  },
});
