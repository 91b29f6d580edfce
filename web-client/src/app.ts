/** Det som alla vyer behöver: API-klienten, den inloggade användaren och delade uppslag. */
import type { Api } from './api';
import type { CareModel, Me, Organisation } from './types';

export interface Route {
  /** Sökvägens delar, t.ex. ["barn", "<id>", "team"] för `#/barn/<id>/team`. */
  segments: string[];
  query: URLSearchParams;
  /** Sidan man kom ifrån (om någon). */
  previous?: Route | undefined;
}

export interface ViewResult {
  /** Sidans h1 (och dokumentets titel). */
  title: string;
  content: Node;
  /** Vad som ska få fokus efter navigering (standard: sidans h1). */
  focus?: HTMLElement | undefined;
}

export interface AppContext {
  api: Api;
  me: Me;
  /** Samverkansmodellen (GET /api/care-model), hämtas en gång. */
  careModel(): Promise<CareModel>;
  /** Alla organisationer (GET /api/organisations), hämtas en gång. */
  organisations(): Promise<Organisation[]>;
  /** Går till en sida, t.ex. `#/barn/<id>/samtycken`. */
  navigate(hash: string): void;
  hasRole(role: string): boolean;
}

export type View = (ctx: AppContext, route: Route) => Promise<ViewResult>;

export function createContext(api: Api, me: Me, navigate: (hash: string) => void): AppContext {
  let careModel: Promise<CareModel> | undefined;
  let organisations: Promise<Organisation[]> | undefined;
  return {
    api,
    me,
    navigate,
    hasRole: (role) => (me.roles ?? []).includes(role),
    careModel() {
      careModel ??= api.get<CareModel>('/api/care-model').catch((error: unknown) => {
        careModel = undefined;
        throw error;
      });
      return careModel;
    },
    organisations() {
      organisations ??= api
        .get<{ organisations: Organisation[] }>('/api/organisations')
        .then((r) => r.organisations ?? [])
        .catch((error: unknown) => {
          organisations = undefined;
          throw error;
        });
      return organisations;
    },
  };
}

/** `#/barn/abc/team?x=1` → { segments: ["barn","abc","team"], query }. */
export function parseRoute(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [pathPart = '', queryPart = ''] = raw.split('?', 2);
  const segments = pathPart
    .split('/')
    .filter((s) => s !== '')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  return { segments, query: new URLSearchParams(queryPart) };
}

/** Bygger en hash-adress av delar: href('barn', id, 'team') → "#/barn/<id>/team". */
export function href(...segments: string[]): string {
  return `#/${segments.map(encodeURIComponent).join('/')}`;
}
