import { z } from 'zod';
import { defineConfig } from '../config/config.types.ts';

export const authConfig = defineConfig({
  sessionIdleHours: {
    env: 'SESSION_IDLE_HOURS',
    doc: 'A session ends after this many hours without a request.',
    schema: z.coerce
      .number()
      .min(0.05)
      .max(24 * 30),
    default: 8,
  },
  sessionMaxHours: {
    env: 'SESSION_MAX_HOURS',
    doc: 'A session ends this many hours after login, whatever the activity.',
    schema: z.coerce
      .number()
      .min(0.1)
      .max(24 * 90),
    default: 24 * 7,
  },
  cookieSecure: {
    env: 'COOKIE_SECURE',
    doc: 'auto = Secure cookie when the request came over https (or X-Forwarded-Proto https with TRUST_PROXY).',
    schema: z.enum(['auto', 'true', 'false']),
    default: 'auto',
  },
  loginMaxFailures: {
    env: 'LOGIN_MAX_FAILURES',
    doc: 'Failed logins per account within the window before it is locked for the window.',
    schema: z.coerce.number().int().min(1).max(1000),
    default: 5,
  },
  loginMaxFailuresPerIp: {
    env: 'LOGIN_MAX_FAILURES_PER_IP',
    doc: 'Failed logins per client IP within the window before that IP is locked for the window.',
    schema: z.coerce.number().int().min(1).max(100000),
    default: 30,
  },
  loginWindowMinutes: {
    env: 'LOGIN_WINDOW_MINUTES',
    doc: 'Window (and lock time) of the login throttle, in minutes.',
    schema: z.coerce
      .number()
      .min(0.1)
      .max(24 * 60),
    default: 15,
  },
  passwordHashCost: {
    env: 'PASSWORD_HASH_COST',
    doc: 'scrypt cost as log2(N). 15 = 32 MiB, ~0.1 s per hash on an office PC.',
    schema: z.coerce.number().int().min(10).max(20),
    default: 15,
  },
});
