export type PasswordProblem = 'mismatch' | 'weak';

/**
 * Mirrors the server's password policy (≥ 10 characters, letters and digits) so the user learns
 * about it before submitting; the server still decides (auth.weak_password).
 */
export function checkNewPassword(password: string, confirmation: string): PasswordProblem | null {
  if (password !== confirmation) {
    return 'mismatch';
  }
  // \p{L} rather than [a-z]: Vietnamese letters with diacritics are letters too.
  if (password.length < 10 || !/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)) {
    return 'weak';
  }
  return null;
}
