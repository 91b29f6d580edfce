import { AppError } from './errors';
import { sv } from './i18n';

/** Klientinställningar som servern lämnar ut via `GET /config.json`. */
export interface ClientConfig {
  /** Keycloaks bas-URL, t.ex. `http://localhost:8180`. */
  keycloakUrl: string;
  realm: string;
  clientId: string;
}

/** Hämtar och kontrollerar `/config.json`. Inga inställningar är hårdkodade i klienten. */
export async function loadConfig(): Promise<ClientConfig> {
  let response: Response;
  try {
    response = await fetch('/config.json', {
      headers: { Accept: 'application/json' },
      cache: 'no-store',
      credentials: 'same-origin',
    });
  } catch (cause) {
    throw new AppError(sv.errors.configTitle, sv.errors.configDetail, { retry: 'restart', cause });
  }
  if (!response.ok) {
    throw new AppError(sv.errors.configTitle, `${sv.errors.configDetail} ${sv.errors.httpStatus(response.status)}`, {
      retry: 'restart',
    });
  }
  let data: unknown;
  try {
    data = await response.json();
  } catch (cause) {
    throw new AppError(sv.errors.configTitle, sv.errors.configInvalidDetail, { retry: 'restart', cause });
  }
  return parseConfig(data);
}

function parseConfig(data: unknown): ClientConfig {
  const invalid = () => new AppError(sv.errors.configTitle, sv.errors.configInvalidDetail, { retry: 'restart' });
  if (typeof data !== 'object' || data === null) throw invalid();
  const { keycloakUrl, realm, clientId } = data as Record<string, unknown>;
  if (!isNonEmptyString(keycloakUrl) || !isNonEmptyString(realm) || !isNonEmptyString(clientId)) throw invalid();
  let url: URL;
  try {
    url = new URL(keycloakUrl);
  } catch {
    throw invalid();
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid();
  return { keycloakUrl: keycloakUrl.replace(/\/+$/, ''), realm, clientId };
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}
