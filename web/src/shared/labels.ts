import type { UnitKind, UnitLevel } from '../api/types.ts';
import { messages } from '../i18n/zh-CN.ts';

export const kindLabel = (kind: UnitKind): string => messages.unitKinds[kind];
export const levelLabel = (level: UnitLevel | null): string =>
  level ? messages.unitLevels[level] : messages.common.none;
export const actionLabel = (action: string): string => messages.audit.actions[action] ?? action;
