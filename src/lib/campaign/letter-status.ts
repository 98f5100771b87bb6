export type LetterStatus = 'upcoming' | 'open' | 'closed' | 'delivered';

export type LetterDates = { opensAt: Date; closesAt: Date; deliveredAt?: Date | undefined };

/** Where a letter stands at `now`, from the dates in its frontmatter alone. */
export function letterStatus(dates: LetterDates, now: Date = new Date()): LetterStatus {
  if (dates.deliveredAt && now >= dates.deliveredAt) return 'delivered';
  if (now < dates.opensAt) return 'upcoming';
  if (now < dates.closesAt) return 'open';
  return 'closed';
}

/** The date a status line talks about: when it opens, until when it is open, when it closed or was delivered. */
export function statusDate(status: LetterStatus, dates: LetterDates): Date {
  switch (status) {
    case 'upcoming':
      return dates.opensAt;
    case 'open':
    case 'closed':
      return dates.closesAt;
    case 'delivered':
      return dates.deliveredAt ?? dates.closesAt;
  }
}
