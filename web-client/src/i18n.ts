/**
 * Svenska gränssnittstexter. Alla texter som visas för användaren samlas här
 * så att de är lätta att granska och ändra.
 */
export const sv = {
  appName: 'Samverkan',
  loading: 'Laddar…',
  retry: 'Försök igen',
  logout: 'Logga ut',
  loggingOut: 'Loggar ut…',
  profile: {
    heading: 'Min profil',
    username: 'Användarnamn',
    organisation: 'Organisation',
    noOrganisation: 'Ingen organisation',
    roles: 'Roller',
    noRoles: 'Inga roller',
    signedInAs: (name: string) => `Inloggad som ${name}`,
  },
  errors: {
    generic: 'Något gick fel',
    genericDetail: 'Ett oväntat fel inträffade. Försök igen om en stund.',
    configTitle: 'Kunde inte läsa in inställningarna',
    configDetail: 'Klientens inställningar (config.json) kunde inte hämtas från servern.',
    configInvalidDetail: 'Klientens inställningar (config.json) är ofullständiga eller felaktiga.',
    authUnavailableTitle: 'Inloggningstjänsten kan inte nås',
    authUnavailableDetail: 'Det gick inte att få kontakt med inloggningstjänsten. Kontrollera din anslutning och försök igen.',
    authFailedTitle: 'Inloggningen misslyckades',
    authFailedDetail: 'Det gick inte att logga in. Försök igen.',
    sessionExpiredTitle: 'Din inloggning har gått ut',
    sessionExpiredDetail: 'Du behöver logga in igen.',
    networkTitle: 'Ingen kontakt med servern',
    networkDetail: 'Det gick inte att nå Samverkan-servern. Kontrollera din anslutning och försök igen.',
    unexpectedResponseTitle: 'Oväntat svar från servern',
    unexpectedResponseDetail: 'Servern skickade ett svar som inte kunde tolkas.',
    httpStatus: (status: number) => `Servern svarade med felkod ${status}.`,
  },
} as const;

/** Svenska benämningar på rollerna som servern skickar. */
const roleLabels: Readonly<Record<string, string>> = {
  professional: 'Yrkesverksam',
  'child-contact': 'Barnkontakt',
  'security-admin': 'Säkerhetsadministratör',
  guardian: 'Vårdnadshavare',
};

/** Svensk benämning för en roll; okända roller visas med sitt tekniska namn. */
export function roleLabel(role: string): string {
  return roleLabels[role] ?? role;
}
