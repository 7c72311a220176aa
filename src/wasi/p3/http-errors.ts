// wasi:http@0.3 error-code: the case list (its order is the discriminant), the encoding of `result<_, error-code>`
// and `result<option<trailers>, error-code>` futures the host resolves, and the mapping from real host failures
// (node:http/net/dns/tls error codes, fetch failures, timeouts) to the cases. README "WASI 0.3" documents the table.

/** wasi:http/types#error-code cases, in declaration order. */
export const ERROR_CODES = [
  'DNS-timeout', 'DNS-error', 'destination-not-found', 'destination-unavailable', 'destination-IP-prohibited',
  'destination-IP-unroutable', 'connection-refused', 'connection-terminated', 'connection-timeout',
  'connection-read-timeout', 'connection-write-timeout', 'connection-limit-reached', 'TLS-protocol-error',
  'TLS-certificate-error', 'TLS-alert-received', 'HTTP-request-denied', 'HTTP-request-length-required',
  'HTTP-request-body-size', 'HTTP-request-method-invalid', 'HTTP-request-URI-invalid', 'HTTP-request-URI-too-long',
  'HTTP-request-header-section-size', 'HTTP-request-header-size', 'HTTP-request-trailer-section-size',
  'HTTP-request-trailer-size', 'HTTP-response-incomplete', 'HTTP-response-header-section-size',
  'HTTP-response-header-size', 'HTTP-response-body-size', 'HTTP-response-trailer-section-size',
  'HTTP-response-trailer-size', 'HTTP-response-transfer-coding', 'HTTP-response-content-coding',
  'HTTP-response-timeout', 'HTTP-upgrade-failed', 'HTTP-protocol-error', 'loop-detected', 'configuration-error',
  'internal-error',
] as const;

export type ErrorTag = typeof ERROR_CODES[number];

/** An error-code value as the runtime lowers it (`{ tag, val }`, jco's variant shape). */
export interface ErrorCode { readonly tag: ErrorTag; readonly val?: unknown }

/** Thrown inside the client to carry a chosen error-code through promise chains. */
export class HttpErrorCode extends Error {
  constructor(readonly code: ErrorCode) { super(`wasi:http error-code ${code.tag}`); }
}

/**
 * `result<_, error-code>` and `result<option<own<trailers>>, error-code>` (CanonicalABI.md "Flattening"/"elem_size"):
 * error-code has u64 payloads, so both are 8-aligned with the payload at 8; 40 bytes. `ok` / `ok(none)` is zeros;
 * `err(e)` is 1, then e's case at 8 with its payload zeroed (every option in a payload is none).
 */
export const RESULT_SIZE = 40;

export function resultBytes(error?: ErrorCode): Uint8Array {
  const b = new Uint8Array(RESULT_SIZE);
  if (error !== undefined) {
    b[0] = 1;
    b[8] = ERROR_CODES.indexOf(error.tag);
  }
  return b;
}

/** Host error codes (node's `code`, also a fetch failure's `cause.code` on Node/Deno/Bun) → error-code cases. */
export const HOST_ERRORS: Readonly<Record<string, ErrorTag>> = {
  ECONNREFUSED: 'connection-refused',
  ECONNRESET: 'connection-terminated',
  EPIPE: 'connection-terminated',
  ECONNABORTED: 'connection-terminated',
  UND_ERR_SOCKET: 'connection-terminated',
  ETIMEDOUT: 'connection-timeout',
  UND_ERR_CONNECT_TIMEOUT: 'connection-timeout',
  EHOSTUNREACH: 'destination-unavailable',
  ENETUNREACH: 'destination-IP-unroutable',
  EHOSTDOWN: 'destination-unavailable',
  EADDRNOTAVAIL: 'destination-IP-unroutable',
  EACCES: 'destination-IP-prohibited',
  EPERM: 'destination-IP-prohibited',
  ENOTFOUND: 'DNS-error',
  EAI_NONAME: 'DNS-error',
  EAI_FAIL: 'DNS-error',
  EAI_AGAIN: 'DNS-timeout',
  HPE_INVALID_CONSTANT: 'HTTP-protocol-error',
  HPE_INVALID_VERSION: 'HTTP-protocol-error',
  HPE_INVALID_STATUS: 'HTTP-protocol-error',
  HPE_INVALID_HEADER_TOKEN: 'HTTP-protocol-error',
  HPE_INVALID_CHUNK_SIZE: 'HTTP-response-transfer-coding',
  HPE_INVALID_TRANSFER_ENCODING: 'HTTP-response-transfer-coding',
  HPE_UNEXPECTED_CONTENT_LENGTH: 'HTTP-protocol-error',
  HPE_HEADER_OVERFLOW: 'HTTP-response-header-section-size',
  ERR_INVALID_HTTP_TOKEN: 'HTTP-request-method-invalid',
  ERR_INVALID_CHAR: 'HTTP-protocol-error',
  ERR_UNESCAPED_CHARACTERS: 'HTTP-request-URI-invalid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS-certificate-error',
  CERT_HAS_EXPIRED: 'TLS-certificate-error',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'TLS-certificate-error',
  SELF_SIGNED_CERT_IN_CHAIN: 'TLS-certificate-error',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS-certificate-error',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'TLS-certificate-error',
  CERT_NOT_YET_VALID: 'TLS-certificate-error',
};

/** The error-code for a failure of the host's HTTP stack (an HttpErrorCode keeps its own). */
export function errorCodeOf(e: unknown): ErrorCode {
  if (e instanceof HttpErrorCode) return e.code;
  const err = e as { code?: unknown; message?: unknown; cause?: { code?: unknown } } | null;
  const code = typeof err?.code === 'string' ? err.code : typeof err?.cause?.code === 'string' ? err.cause.code : undefined;
  const message = typeof err?.message === 'string' ? err.message : String(e);
  if (code !== undefined) {
    const tag = HOST_ERRORS[code] ?? (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') ? 'TLS-protocol-error' : code.startsWith('HPE_') ? 'HTTP-protocol-error' : undefined);
    if (tag === 'DNS-error') return { tag, val: { rcode: code, infoCode: undefined } };
    if (tag !== undefined) return { tag };
  }
  return { tag: 'internal-error', val: code !== undefined ? `${code}: ${message}` : message };
}
