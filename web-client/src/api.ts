import { AppError, type RetryAction } from './errors';
import { sv } from './i18n';

/** RFC 9457 problem details, som servern skickar som `application/problem+json`. */
export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  [extension: string]: unknown;
}

/** Ett misslyckat API-anrop. `status` är 0 om servern inte gick att nå alls. */
export class ApiError extends AppError {
  readonly status: number;
  readonly problem: Problem | undefined;

  constructor(status: number, title: string, detail: string | undefined, problem?: Problem, cause?: unknown) {
    super(title, detail, { retry: retryFor(status), cause });
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  /** Problemtypens slug, t.ex. `"unauthorized"` för `https://samverkan.se/problems/unauthorized`. */
  get problemSlug(): string | undefined {
    const type = this.problem?.type;
    return type ? type.slice(type.lastIndexOf('/') + 1) : undefined;
  }
}

function retryFor(status: number): RetryAction {
  return status === 401 ? 'login' : 'repeat';
}

/** Det API-klienten behöver av inloggningen. */
export interface TokenSource {
  accessToken(): Promise<string>;
}

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
  put<T>(path: string, body?: unknown): Promise<T>;
  patch<T>(path: string, body?: unknown): Promise<T>;
  delete<T = void>(path: string): Promise<T>;
  /** En giltig access-token (t.ex. för WebSocket-anslutningens auth-ram). */
  accessToken(): Promise<string>;
}

/**
 * Skapar en API-klient som skickar med en färsk bearer-token i varje anrop och
 * gör om fel (helst `application/problem+json`) till {@link ApiError}.
 */
export function createApi(tokens: TokenSource): Api {
  async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const token = await tokens.accessToken();
    const headers: Record<string, string> = {
      Accept: 'application/json, application/problem+json',
      Authorization: `Bearer ${token}`,
    };
    const init: RequestInit = { method, headers, cache: 'no-store', credentials: 'same-origin' };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(body);
    }

    let response: Response;
    try {
      response = await fetch(path, init);
    } catch (cause) {
      throw new ApiError(0, sv.errors.networkTitle, sv.errors.networkDetail, undefined, cause);
    }

    if (!response.ok) {
      throw await toApiError(response);
    }
    if (response.status === 204 || response.headers.get('Content-Length') === '0') {
      return undefined as T;
    }
    try {
      return (await response.json()) as T;
    } catch (cause) {
      throw new ApiError(
        response.status,
        sv.errors.unexpectedResponseTitle,
        sv.errors.unexpectedResponseDetail,
        undefined,
        cause,
      );
    }
  }

  return {
    get: <T>(path: string) => request<T>('GET', path),
    post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
    put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
    patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body),
    delete: <T = void>(path: string) => request<T>('DELETE', path),
    accessToken: () => tokens.accessToken(),
  };
}

async function toApiError(response: Response): Promise<ApiError> {
  const fallbackDetail = sv.errors.httpStatus(response.status);
  const contentType = response.headers.get('Content-Type') ?? '';
  if (/^application\/(problem\+)?json\b/i.test(contentType)) {
    try {
      const data: unknown = await response.json();
      if (typeof data === 'object' && data !== null) {
        const problem = data as Problem;
        const title = nonEmpty(problem.title) ?? sv.errors.generic;
        const detail = nonEmpty(problem.detail) ?? fallbackDetail;
        return new ApiError(response.status, title, detail, problem);
      }
    } catch {
      // Trasig JSON: faller tillbaka på det generella felet nedan.
    }
  }
  return new ApiError(response.status, sv.errors.generic, fallbackDetail);
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
