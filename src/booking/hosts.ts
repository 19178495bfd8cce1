// Who the caller will meet: every host Cal.com assigned to a booking, round-robin picks (one per Round Robin Group)
// and fixed hosts alike, named once each and joined as the action's language joins a list.
import type { Booking } from '../calcom/schemas.js';

/** The hosts' names in Cal.com's order (the organiser first), blanks and repeats dropped. */
export function hostNames(booking: Pick<Booking, 'hosts'>): string[] {
  return [...new Set(booking.hosts.map((h) => h.name?.trim() ?? '').filter(Boolean))];
}

/** "Leo Martins and Oliver Grant", "Leo Martins, Oliver Grant and Helen Carter", "Leo Martins und Oliver Grant". */
export function spokenHostList(names: readonly string[], locale: string): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(names);
}
