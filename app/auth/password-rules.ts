export const PASSWORD_MIN_LENGTH = 10;
/** Longer passwords are refused before hashing (NIST SP 800-63B asks for at least 64 to be accepted). */
export const PASSWORD_MAX_LENGTH = 128;
