/** PostgreSQL SQLSTATE of a driver error (node-postgres and PGlite both expose `code`). */
function sqlState(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code = error.code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

function constraintOf(error: unknown): string | undefined {
  if (typeof error === 'object' && error !== null && 'constraint' in error) {
    const c = error.constraint;
    return typeof c === 'string' ? c : undefined;
  }
  return undefined;
}

/** True for a unique violation, optionally of one named index or constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (sqlState(error) !== '23505') {
    return false;
  }
  if (!constraint) {
    return true;
  }
  const name = constraintOf(error);
  const message = error instanceof Error ? error.message : '';
  return name === constraint || message.includes(constraint);
}
