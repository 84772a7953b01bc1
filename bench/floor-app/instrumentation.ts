/** Empty on purpose: without it Turbopack would pick up the app's instrumentation.ts above. */
export function register() {}
