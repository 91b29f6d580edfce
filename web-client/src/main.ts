/**
 * Start av webbklienten: läs inställningar, logga in via Keycloak och visa profilen.
 * Nya vyer (barn, samtycken, teamchatt, möten) kopplas in här när de tillkommer.
 */
import { createApi, type Api } from './api';
import { signIn, type Session } from './auth';
import { loadConfig } from './config';
import { AppError } from './errors';
import { showError, showLoading } from './ui';
import { showSignedIn } from './views/header';
import { showProfile } from './views/profile';

interface AppState {
  session: Session;
  api: Api;
}

let state: AppState | undefined;

async function start(): Promise<void> {
  showLoading();
  try {
    const { session, api } = state ?? (state = await authenticate());
    const me = await showProfile(api);
    showSignedIn(session, me.name);
  } catch (error) {
    fail(error);
  }
}

async function authenticate(): Promise<AppState> {
  const config = await loadConfig();
  const session = await signIn(config);
  showSignedIn(session);
  return { session, api: createApi(session) };
}

function fail(error: unknown): void {
  console.error('Samverkan:', error);
  showError(error, () => {
    const retry = error instanceof AppError ? error.retry : 'restart';
    if (retry === 'login' && state) {
      showLoading();
      state.session.login().catch(fail);
    } else {
      void start();
    }
  });
}

void start();
