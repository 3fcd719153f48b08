import type { Rule } from '../types.js';
import { connectionPoolExhaustion } from './connection-pool-exhaustion.js';
import { enumAsFreeText } from './enum-as-free-text.js';
import { foreignKeyWithoutIndex } from './foreign-key-without-index.js';
import { moneyInFloatingPoint } from './money-in-floating-point.js';
import { nullableRequiredColumn } from './nullable-required-column.js';
import { schemaCoupling } from './schema-coupling.js';
import { tableWithoutPrimaryKey } from './table-without-primary-key.js';
import { timestampWithoutTimeZone } from './timestamp-without-time-zone.js';
import { unboundedTextKey } from './unbounded-text-key.js';
import { unpartitionedAppendOnlyTable } from './unpartitioned-append-only-table.js';

export const dataRules: Rule[] = [
  connectionPoolExhaustion,
  enumAsFreeText,
  foreignKeyWithoutIndex,
  moneyInFloatingPoint,
  nullableRequiredColumn,
  schemaCoupling,
  tableWithoutPrimaryKey,
  timestampWithoutTimeZone,
  unboundedTextKey,
  unpartitionedAppendOnlyTable,
];
