import { studyDayStart } from '../shared/study/day';

/** "tomorrow at 4:00 AM", "on Friday at 4:00 AM", "on 12 March at 4:00 AM". */
export function formatNextDue(dueDay: number, today: number, rolloverHour: number): string {
  const start = new Date(studyDayStart(dueDay, rolloverHour));
  const time = start.toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
  const days = dueDay - today;
  if (days <= 0) return 'today';
  if (days === 1) return `tomorrow at ${time}`;
  if (days < 7) return `on ${start.toLocaleDateString(undefined, { weekday: 'long' })} at ${time}`;
  return `on ${start.toLocaleDateString(undefined, { day: 'numeric', month: 'long', year: days > 300 ? 'numeric' : undefined })} at ${time}`;
}

export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
