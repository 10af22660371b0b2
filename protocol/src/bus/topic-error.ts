// Typed error for topic builders: a segment that would change the topic's shape is refused.

export type TopicErrorCode = 'empty_segment' | 'invalid_segment' | 'segment_too_long' | 'invalid_pattern';

export class TopicError extends Error {
  override readonly name = 'TopicError';
  constructor(
    readonly code: TopicErrorCode,
    readonly segment: string,
    message: string,
  ) {
    super(message);
  }
}
