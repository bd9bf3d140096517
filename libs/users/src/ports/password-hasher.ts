/** A memory-hard password hash (argon2id in production). */
export abstract class PasswordHasher {
  abstract hash(password: string): Promise<string>;
  /**
   * Whether the password matches. With no hash (unknown user) it verifies against a dummy hash
   * anyway and returns false, so both cases take about the same time.
   */
  abstract verify(password: string, hash: string | undefined): Promise<boolean>;
}
