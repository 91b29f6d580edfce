/** Datatyper som servern skickar. */

export interface Organisation {
  alias: string;
  name: string;
}

/** Svaret från `GET /api/me`. */
export interface Me {
  username: string;
  name: string;
  organisation: Organisation | null;
  roles: string[];
}
