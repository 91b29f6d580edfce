// Sends the answer of the personal RSVP link page as JSON to the same address.
const TEXT = {
  ACCEPTED: 'Ditt svar: Jag kommer.',
  DECLINED: 'Ditt svar: Jag kommer inte.',
  TENTATIVE: 'Ditt svar: Kanske.',
};

const form = document.getElementById('rsvp-form');
const status = document.getElementById('rsvp-status');

if (form && status) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = event.submitter;
    if (!button || !button.value) return;
    const buttons = form.querySelectorAll('button');
    buttons.forEach((b) => { b.disabled = true; });
    status.dataset.state = 'sending';
    status.textContent = 'Skickar ditt svar …';
    try {
      const response = await fetch(window.location.pathname, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ answer: button.value }),
        credentials: 'omit',
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        status.dataset.state = 'error';
        status.textContent = body.detail || body.title || 'Svaret kunde inte skickas. Försök igen om en stund.';
        return;
      }
      status.dataset.state = 'saved';
      status.dataset.answer = body.answer;
      status.textContent = body.changed
        ? `Tack! ${TEXT[body.answer] ?? ''}`
        : `Det var redan ditt svar. ${TEXT[body.answer] ?? ''}`;
    } catch {
      status.dataset.state = 'error';
      status.textContent = 'Svaret kunde inte skickas – kontrollera anslutningen och försök igen.';
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  });
}
