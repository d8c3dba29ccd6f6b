import type { User } from '@sohoa/contracts';

/** A user with their password hash: never leaves the server's use cases. */
export type UserWithSecret = User & { passwordHash: string };

/** The user as the API shows it: without the password hash. */
export function stripSecret({ passwordHash: _omit, ...user }: UserWithSecret): User {
  return user;
}
