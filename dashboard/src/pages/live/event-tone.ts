// Colour of an event type: credentials and captures stand out, lifecycle noise stays quiet.
import type { Tone } from '../../components/badge';

const TONES: Record<string, Tone> = {
  auth_attempt: 'warn',
  auth: 'warn',
  bind: 'warn',
  auth_response: 'warn',
  command: 'accent',
  request: 'info',
  file_captured: 'bad',
  upload_attempt: 'bad',
  download_attempt: 'bad',
  session_recorded: 'ok',
  error: 'bad',
  protocol_error: 'bad',
};

export function eventTone(eventType: string): Tone {
  return TONES[eventType] ?? 'neutral';
}
