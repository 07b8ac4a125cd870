/** The published password of every demo account (demo-organisation.json), for tests signing in as demo staff. */
export const DEMO_PASSWORD = 'jinban-demo-2026';
