/**
 * "Skriv direkt" i barnets team: öppnar (eller skapar) direktkonversationen med en teammedlem om
 * barnet och går dit. Bara för andra yrkesverksamma med gällande åtkomst; servern avgör ändå.
 */
import type { AppContext } from '../../app';
import { href } from '../../app';
import { h } from '../../dom';
import { busy, type Feedback } from '../../forms';
import type { Child, TeamMember } from '../../types';
import { clientFor, t } from './common';

export function writeDirectButton(ctx: AppContext, child: Child, member: TeamMember, feedback: Feedback): HTMLButtonElement | null {
  if (member.username === ctx.me.username || member.access !== 'ACTIVE' || !ctx.hasRole('professional')) return null;
  const button = h('button', {
    type: 'button',
    class: 'button button--secondary button--small',
    'data-testid': 'write-direct-button',
    'data-username': member.username,
    'aria-label': t.writeLabel(member.name),
  }, t.write);
  button.addEventListener('click', () => {
    busy(button, t.starting, async () => {
      const client = await clientFor(ctx);
      return client.start(child.id, member.username);
    }).then(
      (conversation) => ctx.navigate(href('direkt', conversation.id)),
      (error: unknown) => feedback.showError(error),
    );
  });
  return button;
}
