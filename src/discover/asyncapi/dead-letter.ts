/**
 * Where an AsyncAPI document says a channel's failed messages go. There is no core AsyncAPI field for it,
 * so it is found in the places teams put it: `x-dead-letter*` / `x-dlq` extensions on the channel or
 * operation, the SQS binding's `redrivePolicy.deadLetterQueue`, and AMQP `x-dead-letter-exchange` arguments.
 */
import { isObj } from '../../model/values.js';

const DEAD_LETTER_KEY = /^(x-)?(dead[-_]?letter([-_]?(queue|exchange|topic|channel|address))?|dlq|dlx|dlt)$/i;

export function findDeadLetter(node: unknown, depth = 0): string | undefined {
  if (!isObj(node) || depth > 6) return undefined;
  for (const [key, value] of Object.entries(node)) {
    if (DEAD_LETTER_KEY.test(key)) {
      const name = nameOf(value);
      if (name) return name;
    }
    if (key === 'redrivePolicy' && isObj(value)) {
      const name = nameOf(value.deadLetterQueue);
      if (name) return name;
    }
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'bindings' || key.startsWith('x-') || (depth > 0 && isObj(value) && key !== 'payload')) {
      if (key === 'payload' || key === 'message' || key === 'messages') continue;
      const found = findDeadLetter(value, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if (value === true) return 'declared';
  if (!isObj(value)) return undefined;
  for (const key of ['name', 'address', 'arn', 'queue', 'topic', 'exchange']) {
    if (typeof value[key] === 'string') return value[key] as string;
  }
  if (isObj(value.channel) && typeof value.channel.$ref === 'string') {
    return value.channel.$ref.slice(value.channel.$ref.lastIndexOf('/') + 1);
  }
  if (typeof value.$ref === 'string') return value.$ref.slice(value.$ref.lastIndexOf('/') + 1);
  return undefined;
}
