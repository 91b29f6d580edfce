// Vite bundles CSS imported from TypeScript (`import '../../meetings.css'`); tsc only needs to
// know that such a side-effect import is fine.
declare module '*.css';
