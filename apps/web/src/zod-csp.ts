/*
 * The app runs under a Content-Security-Policy without 'unsafe-eval'. zod 4 probes `new Function`
 * when it builds an object schema (to compile fast parsers); the probe is caught, but Chromium still
 * reports a CSP violation in the console on every load. Jitless mode skips the probe. Every entry
 * (the SPA, the offline court player) imports this module first, before any schema is built.
 */
import { config } from 'zod';

config({ jitless: true });
