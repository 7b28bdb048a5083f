import { useQuery } from '@tanstack/react-query';
import { listInbox, noticeKeys, type InboxItem } from '../api/notices.api.ts';
import { listReviewQueue, reportKeys, type ReviewQueueItem } from '../pages/reports/reports.api.ts';

export interface Todos {
  toSign: InboxItem[];
  toReport: InboxItem[];
  toReview: ReviewQueueItem[];
  loading: boolean;
  error: unknown;
}

const byDeadline = (a: string | null, b: string | null): number => (a ?? '9999').localeCompare(b ?? '9999');

/**
 * What the user's units have to do, from the inbox and the review queue: the 工作台 lists them and the menu
 * counts them. An archived campaign is read-only: nothing in it is left to do.
 */
export function useTodos(): Todos {
  const inbox = useQuery({ queryKey: noticeKeys.inbox, queryFn: listInbox });
  const review = useQuery({ queryKey: reportKeys.reviewQueue, queryFn: listReviewQueue });
  const items = (inbox.data ?? []).filter((n) => !n.archived);
  return {
    toSign: items.filter((n) => !n.signed).sort((a, b) => byDeadline(a.deadline, b.deadline)),
    toReport: items
      .filter((n) => n.collects && (!n.report || n.report.status === 'draft' || n.report.status === 'returned'))
      .sort((a, b) => byDeadline(a.deadline, b.deadline)),
    toReview: review.data ?? [],
    loading: inbox.isLoading || review.isLoading,
    error: inbox.error ?? review.error,
  };
}
