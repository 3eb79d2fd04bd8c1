/** A request that the server answered with an error, or never answered. */
export class ApiError extends Error {
  /** HTTP status, or 0 when the server could not be reached. */
  readonly status: number;

  constructor(status: number, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
  }
}

/** 401 (no key) or 403 (wrong key): the user has to sign in again. */
export class AuthError extends ApiError {
  constructor(status: number, message: string) {
    super(status, message);
    this.name = "AuthError";
  }
}

export function isAuthStatus(status: number): boolean {
  return status === 401 || status === 403;
}

/** The sentence the sign-in screen shows after an auth failure. */
export function authMessage(status: number, serverMessage?: string): string {
  const base =
    status === 401
      ? "The server asked for an API key."
      : "The server refused this API key.";
  return serverMessage ? `${base} (${serverMessage})` : base;
}
