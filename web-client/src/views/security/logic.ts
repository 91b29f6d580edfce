/**
 * Rena delar av säkerhetssidorna (inget DOM): frågesträngar, flaggor i klartext och vilka
 * åtgärder en roll får se. Testas i logic.test.ts.
 */

/** `?a=1&b=2` av de filter som är ifyllda (tomma och odefinierade hoppas över); '' om inga. */
export function queryString(filters: Readonly<Record<string, string | number | null | undefined>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value === null || value === undefined) continue;
    const text = String(value).trim();
    if (text !== '') params.set(key, text);
  }
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

export const FLAG_LABELS: Readonly<Record<string, string>> = {
  OUTSIDE_OFFICE_HOURS: 'Utanför kontorstid',
  MANY_CHILDREN: 'Många barn',
  DENIED: 'Nekad åtkomst',
};

/** Flaggorna i klartext, i den ordning servern gav dem; okända flaggor visas som de är. */
export function flagTexts(flags: readonly string[] | null | undefined): string[] {
  return (flags ?? []).map((flag) => FLAG_LABELS[flag] ?? flag);
}

/** "Utanför kontorstid, Många barn" eller "Inga flaggor". */
export function formatFlags(flags: readonly string[] | null | undefined): string {
  const texts = flagTexts(flags);
  return texts.length === 0 ? 'Inga flaggor' : texts.join(', ');
}

export interface LoginBurst {
  kind: string;
  username?: string;
  identityProvider?: string;
  count: number;
  from: string;
  to: string;
}

/** "5 misslyckade inloggningar för anna.bvc" (eller för inloggningstjänsten). */
export function formatBurst(burst: LoginBurst): string {
  const who = burst.username
    ? `för ${burst.username}`
    : burst.identityProvider
      ? `via inloggningstjänsten ${burst.identityProvider}`
      : '';
  return `${burst.count} misslyckade inloggningar inom 10 minuter ${who}`.trim();
}

/** Om en händelse ligger i en flaggad följd av misslyckade inloggningar. */
export function inBurst(event: { time: string; type: string; username?: string | null; identityProvider?: string | null }, bursts: readonly LoginBurst[]): boolean {
  if (event.type !== 'LOGIN_ERROR') return false;
  const t = Date.parse(event.time);
  return bursts.some((b) => {
    const same = b.username ? b.username === event.username : b.identityProvider !== undefined && b.identityProvider === event.identityProvider;
    return same && t >= Date.parse(b.from) && t <= Date.parse(b.to);
  });
}

/** Vad den inloggade säkerhetsadministratören får se och göra, ur rollerna i /api/me. */
export interface SecurityPermissions {
  /** Någon av säkerhetssidorna alls. */
  securityPages: boolean;
  /** Filtrera på vilken organisation som helst (länets säkerhetsteam). */
  anyOrganisation: boolean;
  /** Ge och ta bort rollen Säkerhetsadministratör. */
  grantSecurityAdmin: boolean;
  /** Keycloaks administrationshändelser. */
  adminEvents: boolean;
}

export function permissions(roles: readonly string[] | null | undefined): SecurityPermissions {
  const has = (role: string) => (roles ?? []).includes(role);
  const all = has('security-admin-all');
  return { securityPages: has('security-admin') || all, anyOrganisation: all, grantSecurityAdmin: all, adminEvents: all };
}

/** Rollerna en säkerhetsadministratör kan ge eller ta bort, för den här inloggade. */
export function grantableRoles(perms: SecurityPermissions): ('child-contact' | 'security-admin')[] {
  return perms.grantSecurityAdmin ? ['child-contact', 'security-admin'] : ['child-contact'];
}

/** Ett frö för Stickprov: tomt → inget (servern väljer), annars ett heltal 0..2^53-1; annars null (fel). */
export function parseSeed(text: string): number | undefined | null {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!/^\d{1,16}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Number.isSafeInteger(value) ? value : null;
}

/** Stickprovets storlek: 1..500, tomt → 20. null om ogiltigt. */
export function parseSampleSize(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return 20;
  if (!/^\d{1,3}$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= 1 && value <= 500 ? value : null;
}
