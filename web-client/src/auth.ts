import Keycloak from 'keycloak-js';
import type { ClientConfig } from './config';
import { AppError } from './errors';
import { sv } from './i18n';

/** Hur lång tid (sekunder) en access-token minst ska vara giltig innan ett API-anrop. */
const MIN_TOKEN_VALIDITY_SECONDS = 30;
/** Hur länge vi väntar på att inloggningstjänsten ska svara innan vi ger upp. */
const PROBE_TIMEOUT_MS = 10_000;

/** En inloggad användares session. Resten av klienten känner inte till keycloak-js. */
export interface Session {
  /** Användarnamnet ur access-token (preferred_username), om det finns. */
  readonly username: string | undefined;
  /** En giltig access-token; förnyas först om den går ut inom 30 sekunder. */
  accessToken(): Promise<string>;
  /** Skickar användaren till inloggningssidan igen. */
  login(): Promise<void>;
  /** Loggar ut i Keycloak och skickar tillbaka användaren till appens startsida. */
  logout(): Promise<void>;
}

/**
 * Loggar in via Keycloak (Authorization Code + PKCE). Om användaren inte är
 * inloggad lämnar webbläsaren sidan för Keycloaks inloggningssida och löftet
 * blir aldrig uppfyllt; när användaren kommer tillbaka startar appen om och
 * löftet uppfylls med en session.
 */
export async function signIn(config: ClientConfig): Promise<Session> {
  await probeKeycloak(config);

  const keycloak = new Keycloak({
    url: config.keycloakUrl,
    realm: config.realm,
    clientId: config.clientId,
  });

  let authenticated: boolean;
  try {
    authenticated = await keycloak.init({
      onLoad: 'login-required',
      pkceMethod: 'S256',
      // Ingen inloggningsstatus-iframe (tredjepartskakor, och CSP tillåter bara Keycloak i frame-src).
      checkLoginIframe: false,
      enableLogging: false,
    });
  } catch (cause) {
    throw new AppError(sv.errors.authFailedTitle, describeKeycloakError(cause), { retry: 'login', cause });
  }

  if (!authenticated) {
    // Förväntas inte med 'login-required', men då är det bara att försöka logga in igen.
    await keycloak.login();
    throw new AppError(sv.errors.authFailedTitle, sv.errors.authFailedDetail, { retry: 'login' });
  }

  return {
    get username() {
      const parsed = keycloak.tokenParsed as { preferred_username?: unknown } | undefined;
      return typeof parsed?.preferred_username === 'string' ? parsed.preferred_username : undefined;
    },

    async accessToken() {
      try {
        await keycloak.updateToken(MIN_TOKEN_VALIDITY_SECONDS);
      } catch (cause) {
        // Refresh-token har gått ut eller sessionen är avslutad i Keycloak.
        throw new AppError(sv.errors.sessionExpiredTitle, sv.errors.sessionExpiredDetail, { retry: 'login', cause });
      }
      if (!keycloak.token) {
        throw new AppError(sv.errors.sessionExpiredTitle, sv.errors.sessionExpiredDetail, { retry: 'login' });
      }
      return keycloak.token;
    },

    async login() {
      await keycloak.login();
    },

    async logout() {
      await keycloak.logout({ redirectUri: `${window.location.origin}/` });
    },
  };
}

/**
 * Kontrollerar att Keycloak går att nå innan vi skickar iväg webbläsaren dit,
 * så att användaren får ett begripligt svenskt felmeddelande i stället för
 * webbläsarens felsida. `no-cors` gör att kontrollen inte kräver CORS-huvuden;
 * vi bryr oss bara om att servern svarar alls.
 */
async function probeKeycloak(config: ClientConfig): Promise<void> {
  const url = `${config.keycloakUrl}/realms/${encodeURIComponent(config.realm)}/.well-known/openid-configuration`;
  try {
    await fetch(url, {
      mode: 'no-cors',
      cache: 'no-store',
      credentials: 'omit',
      signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    });
  } catch (cause) {
    throw new AppError(sv.errors.authUnavailableTitle, sv.errors.authUnavailableDetail, { retry: 'restart', cause });
  }
}

function describeKeycloakError(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'error' in error) {
    const { error: code, error_description: description } = error as { error?: unknown; error_description?: unknown };
    const text = typeof description === 'string' && description !== '' ? description : code;
    if (typeof text === 'string' && text !== '') {
      return `${sv.errors.authFailedDetail} (${text})`;
    }
  }
  return sv.errors.authFailedDetail;
}
