export const PASSWORD_MIN_LENGTH = 10;
/** Bounded so a huge password cannot make hashing a denial of service. */
export const PASSWORD_MAX_LENGTH = 128;

const COMMON = new Set([
  'password', 'password1', 'password12', 'password123', 'password1234', 'passw0rd', 'qwerty', 'qwerty123',
  'qwertyuiop', '1234567890', '12345678910', 'iloveyou', 'letmein', 'welcome1', 'welcome123', 'admin123',
  'administrator', 'changeme', 'changeme123', 'abc1234567', 'football1', 'monkey1234', 'dragon1234',
]);

/**
 * Why a password is too weak (empty when it is fine): length first (NIST SP 800-63B), then a
 * few cheap checks against the guesses an attacker tries first.
 */
export function passwordProblems(password: string, context: { email?: string; name?: string } = {}): string[] {
  const problems: string[] = [];
  if (password.length < PASSWORD_MIN_LENGTH) problems.push(`password must be at least ${PASSWORD_MIN_LENGTH} characters long`);
  if (password.length > PASSWORD_MAX_LENGTH) problems.push(`password must be at most ${PASSWORD_MAX_LENGTH} characters long`);
  if (problems.length > 0) return problems;
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) problems.push('password is too common');
  if (new Set(lower).size < 4) problems.push('password must use at least 4 different characters');
  if (!/\p{L}/u.test(password) || !/[^\p{L}]/u.test(password)) problems.push('password must mix letters with digits or symbols');
  const local = context.email?.split('@')[0]?.toLowerCase();
  if ((local && local.length >= 4 && lower.includes(local)) || (context.email && lower === context.email.toLowerCase())) {
    problems.push('password must not contain the email address');
  }
  return problems;
}
