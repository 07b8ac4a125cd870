import { defineConfig, type PluginOption } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';

// Lit needs no plugin: TypeScript (with legacy decorators, from tsconfig) is compiled by Vite itself.
// Plugins such as the PWA plugin are added to this list.
const plugins: PluginOption[] = [
  // The service worker (workers/service-worker.ts) precaches the whole build so the station works offline after
  // one visit. src/ui/pwa registers it itself and asks the clerk before a new version takes over.
  VitePWA({
    strategies: 'injectManifest',
    srcDir: 'workers',
    filename: 'service-worker.ts',
    registerType: 'prompt',
    injectRegister: false,
    // The icons are in globPatterns already; listing them twice would only duplicate precache entries.
    includeManifestIcons: false,
    injectManifest: {
      // Every page and worker chunk, even those loaded lazily, must be on the tablet before the network goes.
      globPatterns: ['**/*.{js,css,html,png,svg,ico}'],
    },
    devOptions: { enabled: false },
    manifest: {
      name: '就近办',
      short_name: '就近办',
      description: '便民服务站离线办件：在村、社区服务站就近受理群众申请，断网也能照常办理。',
      lang: 'zh-CN',
      dir: 'ltr',
      id: '/',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      // --jb-color-primary and --jb-color-background in src/ui/theme.css.
      theme_color: '#1c4f8c',
      background_color: '#f3f5f8',
      icons: [
        { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: '/icons/icon-maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
      ],
    },
  }),
];

export default defineConfig({
  plugins,
  build: {
    outDir: 'dist',
    sourcemap: true,
  },
  worker: {
    format: 'es',
  },
});
