/** AsyncAPI operation verbs as the model reads them: what the owning application does with a channel. */

export type AsyncDirection = 'produces' | 'consumes';

/** What an AsyncAPI operation means for the application that owns the document. */
export function asyncDirection(method: string): AsyncDirection | undefined {
  switch (method) {
    case 'SUBSCRIBE': // 2.x: others subscribe, the application publishes
    case 'SEND':
      return 'produces';
    case 'PUBLISH': // 2.x: others publish, the application receives
    case 'RECEIVE':
      return 'consumes';
    default:
      return undefined;
  }
}
