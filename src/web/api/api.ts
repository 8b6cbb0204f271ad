import type { FieldError, Problem } from '../../domain/problem';

const BASE = '/api/v1';

/** A failed API call, carrying what the problem+json body said. */
export class ApiError extends Error {
  readonly status: number;
  readonly detail: string;
  readonly fieldErrors: FieldError[];
  readonly retryAfter: number | null;
  /** The whole problem body, for the extra members some errors carry (e.g. `existingClientId`). */
  readonly problem: Record<string, unknown>;

  constructor(status: number, problem: Partial<Problem> | null, retryAfter: number | null) {
    const detail = problem?.detail ?? problem?.title ?? defaultDetail(status);
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
    this.fieldErrors = problem?.errors ?? [];
    this.retryAfter = retryAfter;
    this.problem = (problem ?? {}) as Record<string, unknown>;
  }
}

function defaultDetail(status: number): string {
  if (status === 0) return 'The server cannot be reached. Check your connection and try again.';
  if (status >= 500) return 'Something went wrong on the server. Try again in a moment.';
  return `The request failed (${status}).`;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

async function request<T>(method: Method, path: string, body?: unknown, extraHeaders?: Record<string, string>, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...extraHeaders };
  const raw = body instanceof Blob;
  if (body !== undefined && !raw) headers['content-type'] = 'application/json';
  else if (raw && body.type) headers['content-type'] = body.type;
  let response: Response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      signal,
      body: body === undefined ? undefined : raw ? body : JSON.stringify(body),
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, null, null);
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let json: unknown = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = null;
    }
  }
  if (!response.ok) {
    const retry = Number(response.headers.get('retry-after'));
    throw new ApiError(response.status, json as Partial<Problem> | null, Number.isFinite(retry) && retry > 0 ? retry : null);
  }
  return json as T;
}

export const api = {
  get: <T>(path: string, signal?: AbortSignal) => request<T>('GET', path, undefined, undefined, signal),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  patch: <T>(path: string, body: unknown, headers?: Record<string, string>) => request<T>('PATCH', path, body, headers),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  /** Sends a file as the raw request body, typed by its content type. */
  upload: <T>(path: string, file: Blob) => request<T>('PUT', path, file),
  delete: <T = void>(path: string, body?: unknown) => request<T>('DELETE', path, body),
};

export const isApiError = (error: unknown, status?: number): error is ApiError =>
  error instanceof ApiError && (status === undefined || error.status === status);
