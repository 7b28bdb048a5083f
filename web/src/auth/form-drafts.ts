import type { FormInstance } from 'antd';
import { useEffect } from 'react';

// What a user typed survives a session timeout: forms keep a draft in sessionStorage until saved or cancelled.
const PREFIX = 'qm-draft:';

export function loadDraft<T>(key: string): Partial<T> | null {
  try {
    const raw = sessionStorage.getItem(PREFIX + key);
    return raw ? (JSON.parse(raw) as Partial<T>) : null;
  } catch {
    return null;
  }
}

export function saveDraft(key: string, values: unknown): void {
  try {
    sessionStorage.setItem(PREFIX + key, JSON.stringify(values));
  } catch {
    /* storage full or disabled: drafts are best effort */
  }
}

export function clearDraft(key: string): void {
  try {
    sessionStorage.removeItem(PREFIX + key);
  } catch {
    /* ignore */
  }
}

/** Restores a saved draft into the form when it opens; returns the onValuesChange handler that keeps it. */
export function useFormDraft<T extends object>(
  key: string,
  form: FormInstance<T>,
  open: boolean,
): (changed: unknown, all: T) => void {
  useEffect(() => {
    if (!open) return;
    const draft = loadDraft<T>(key);
    if (draft) form.setFieldsValue(draft);
  }, [key, form, open]);
  return (_changed, all) => saveDraft(key, all);
}
